import os
import sys

# one worker per core: BLAS threads would only fight each other, and a thread pool
# re-created in every forked work horse costs more than the job's matrix products
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

from .worker import main  # noqa: E402

sys.exit(main())
