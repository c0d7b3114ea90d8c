import os
import sys

from generator.cli import main

if __name__ == "__main__":
    code = main()
    if sys.gettrace() is not None or sys.getprofile() is not None:
        sys.exit(code)  # a coverage tool or profiler saves its data at exit
    # A large run ends with hundreds of megabytes of objects: the process ends without freeing them
    # one by one, as the interpreter would at exit.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
