"""attrib workers: RQ jobs that attribute articles, store results and deliver webhooks."""
