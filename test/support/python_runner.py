"""Runs Python fixture programs one after another in one interpreter, for the proof tests of the quick fixes
(test/support/fixProof.ts, PythonRunner). Importing anthropic costs about a second of CPU; paying it once per
group of runs instead of once per run keeps the proof layer fast on 2 cores.

Each run is the program executed afresh as __main__ (runpy.run_path: its module code, helpers, settings and
clients are new each time), with its own argv and environment, so a run sees what `python program.py ARGS`
would. Protocol: one JSON command a line on stdin, {"program", "args", "env"}; one JSON answer a line on stdout,
{"stdout", "stderr", "code"} (code 0, or 1 when the program raised).
"""
import contextlib
import io
import json
import os
import runpy
import sys
import traceback

import anthropic  # noqa: F401  imported once, for every run

answers = sys.stdout
for line in sys.stdin:
    command = json.loads(line)
    os.environ.clear()
    os.environ.update(command["env"])
    sys.argv = [command["program"], *command["args"]]
    out, err, code = io.StringIO(), io.StringIO(), 0
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            runpy.run_path(command["program"], run_name="__main__")
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else 1
        except BaseException:  # the program crashed: report it as python would, then take the next command
            traceback.print_exc()
            code = 1
    answers.write(json.dumps({"stdout": out.getvalue(), "stderr": err.getvalue(), "code": code}) + "\n")
    answers.flush()
