# NIH402: the fork start method, explicitly.
# OPTIONS[py27]: min_python=2.7
# OPTIONS[py38]: min_python=3.8
import multiprocessing
import multiprocessing as mp
import concurrent.futures
from multiprocessing import set_start_method, get_context
from multiprocessing import get_context as ctx
import multiprocessing.context
from multiprocessing.context import ForkContext

multiprocessing.set_start_method("fork")  # NIH402: 0 'set_start_method("fork") starts workers that inherit a copy of every handle'
mp.get_context("fork")  # NIH402: 0
set_start_method("fork", force=True)  # NIH402: 0
get_context(method="fork")  # NIH402: 0
ctx("fork")  # NIH402: 0
multiprocessing.context.ForkContext()  # NIH402: 0
ForkContext()  # NIH402: 0
pool = concurrent.futures.ProcessPoolExecutor(mp_context=mp.get_context("fork"))  # NIH402: 57
x = "é"; mp.set_start_method("fork")  # NIH402: 10

# negatives
multiprocessing.set_start_method("spawn")
mp.get_context("forkserver")
mp.get_context()
get_context(method)
multiprocessing.context.SpawnContext()


def shadowed(get_context, mp):
    get_context("fork")
    mp.set_start_method("fork")
