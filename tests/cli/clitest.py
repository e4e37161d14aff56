"""clitest - helpers for the end-to-end tests of the sluice binary.

Every test script takes the path of the built sluice executable as its
first argument (meson passes it) and runs its unittest cases:

    python3 test_args.py build/repl/sluice [-v] [TestClass.test_name]

Everything a test waits for has a timeout, so a hung sluice fails the test
instead of hanging the suite. Standard library only.
"""
import fcntl
import os
import pty
import select
import signal
import struct
import subprocess
import sys
import tempfile
import termios
import time
import unittest

SLUICE = None          # the executable under test, from argv[1]
TIMEOUT = 20           # seconds for a whole command or one expectation
HERE = os.path.dirname(os.path.abspath(__file__))

# What sluice prints between micro-batches in table format.
RULE = '-' * 43 + '\n'


def batch_header(n):
    return RULE + 'Batch: %d\n' % n + RULE


def child_env(**extra):
    """The environment sluice runs in: predictable locale and terminal, no
    user readline configuration or history, sanitizers that fail loudly."""
    env = dict(os.environ)
    env.update(LC_ALL='C.UTF-8', TERM='dumb', INPUTRC='/dev/null',
               SLUICE_HISTORY=os.devnull, SLUICERC='')
    supp = os.path.normpath(os.path.join(HERE, '..', 'lsan.supp'))
    if os.path.exists(supp):
        env['LSAN_OPTIONS'] = 'suppressions=' + supp
    env.update({k: str(v) for k, v in extra.items()})
    return env


class Result:
    """What a finished sluice run printed and returned."""

    def __init__(self, code, out, err):
        self.code, self.out, self.err = code, out, err

    def __repr__(self):
        return 'Result(code=%r, out=%r, err=%r)' % (self.code, self.out, self.err)


def run(args, stdin=None, cwd=None, env=None, timeout=TIMEOUT):
    """Run sluice with args to completion. stdin: text to pipe in (the pipe
    is closed after it), or None for /dev/null."""
    proc = subprocess.run(
        [SLUICE] + list(args),
        input=stdin.encode() if stdin is not None else None,
        stdin=None if stdin is not None else subprocess.DEVNULL,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        cwd=cwd, env=env or child_env(), timeout=timeout, check=False)
    return Result(proc.returncode, proc.stdout.decode('utf-8', 'replace'),
                  proc.stderr.decode('utf-8', 'replace'))


class Running:
    """A sluice process with a pipe kept open on its stdin, for tests that
    feed data bit by bit and signal it."""

    def __init__(self, args, cwd=None):
        self.proc = subprocess.Popen(
            [SLUICE] + list(args), stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            cwd=cwd, env=child_env())
        self.out = b''
        os.set_blocking(self.proc.stdout.fileno(), False)

    def write(self, text):
        self.proc.stdin.write(text.encode())
        self.proc.stdin.flush()

    def close_stdin(self):
        """End sluice's input: the 'stdin' connector then sees end of file."""
        self.proc.stdin.close()
        self.proc.stdin = None             # so that finish() does not flush it

    def wait_for_output(self, text, timeout=TIMEOUT):
        """Read stdout until it holds text; fails the test on timeout."""
        want = text.encode()
        deadline = time.monotonic() + timeout
        fd = self.proc.stdout.fileno()
        while want not in self.out:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError('timed out waiting for %r; stdout so far: %r'
                                     % (text, self.out.decode('utf-8', 'replace')))
            ready, _, _ = select.select([fd], [], [], min(left, 0.2))
            if ready:
                chunk = os.read(fd, 65536)
                if not chunk:
                    raise AssertionError('sluice closed stdout before printing %r; got %r'
                                         % (text, self.out.decode('utf-8', 'replace')))
                self.out += chunk

    def finish(self, timeout=TIMEOUT):
        """Wait for the exit (the stdin pipe stays open); returns Result."""
        try:
            rest, err = self.proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            raise AssertionError('sluice did not exit within %ds' % timeout)
        return Result(self.proc.returncode, (self.out + (rest or b'')).decode('utf-8', 'replace'),
                      err.decode('utf-8', 'replace'))

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


class Terminal:
    """sluice in a pseudo-terminal, as a user at a keyboard sees it.

    transcript() is everything the terminal showed, with CR LF turned into
    LF. TERM=dumb keeps readline's output free of escape sequences."""

    def __init__(self, args=(), cwd=None, env=None, rows=50, cols=200):
        pid, fd = pty.fork()
        if pid == 0:                       # the child: become sluice
            try:
                # Size the terminal before sluice starts, so readline
                # never sees a resize (and redraws) mid-test.
                fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack('HHHH', rows, cols, 0, 0))
                if cwd:
                    os.chdir(cwd)
                os.execve(SLUICE, [SLUICE] + list(args), env or child_env())
            finally:
                os._exit(127)
        self.pid, self.fd = pid, fd
        self.raw = b''
        self.mark = 0                      # expect() searches from here
        self.status = None

    def send(self, keys):
        os.write(self.fd, keys.encode() if isinstance(keys, str) else keys)

    def _read(self, wait):
        ready, _, _ = select.select([self.fd], [], [], wait)
        if not ready:
            return True
        try:
            chunk = os.read(self.fd, 65536)
        except OSError:                    # EIO: the child has exited
            chunk = b''
        self.raw += chunk
        return bool(chunk)

    def transcript(self):
        return self.raw.decode('utf-8', 'replace').replace('\r\n', '\n')

    def expect(self, text, timeout=TIMEOUT):
        """Wait until the screen shows text after the previous expectation;
        returns everything shown from there up to and including text."""
        deadline = time.monotonic() + timeout
        while True:
            t = self.transcript()
            at = t.find(text, self.mark)
            if at >= 0:
                start, self.mark = self.mark, at + len(text)
                return t[start:self.mark]
            left = deadline - time.monotonic()
            if left <= 0 or not self._read(min(left, 0.2)) and self._exited():
                raise AssertionError('timed out waiting for %r; screen after the last match: %r'
                                     % (text, t[self.mark:]))

    def settle(self, quiet=0.5, timeout=TIMEOUT):
        """Read until nothing new arrives for `quiet` seconds; returns what
        was shown since the previous expectation."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            before = len(self.raw)
            self._read(quiet)
            if len(self.raw) == before:
                break
        t = self.transcript()
        start, self.mark = self.mark, len(t)
        return t[start:]

    def _exited(self):
        if self.status is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.status = status
        return self.status is not None

    def wait_exit(self, timeout=TIMEOUT):
        """Wait for the process to end (draining the terminal); returns its
        exit code, or -signal."""
        deadline = time.monotonic() + timeout
        while not self._exited():
            if time.monotonic() > deadline:
                self.close()
                raise AssertionError('sluice did not exit; screen: %r' % self.transcript())
            self._read(0.1)
        for _ in range(100):               # what is still in the terminal
            before = len(self.raw)
            if not self._read(0.05) or len(self.raw) == before:
                break
        return os.waitstatus_to_exitcode(self.status)

    def close(self):
        if not self._exited():
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
            self.status = 0
        try:
            os.close(self.fd)
        except OSError:
            pass


class TempDirTest(unittest.TestCase):
    """A test case with a fresh temporary directory in self.dir."""

    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory(prefix='sluice-cli-')
        self.dir = self._tmp.name

    def tearDown(self):
        self._tmp.cleanup()

    def write(self, name, text):
        path = os.path.join(self.dir, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, 'w') as f:
            f.write(text)
        return path

    def read(self, name):
        with open(os.path.join(self.dir, name)) as f:
            return f.read()

    def assertClean(self, result):
        """No sanitizer report in what sluice wrote to stderr."""
        for word in ('AddressSanitizer', 'LeakSanitizer', 'runtime error:'):
            self.assertNotIn(word, result.err)


def main():
    global SLUICE
    if len(sys.argv) < 2:
        sys.exit('usage: %s PATH/TO/sluice [unittest args]' % sys.argv[0])
    SLUICE = os.path.abspath(sys.argv[1])
    unittest.main(argv=[sys.argv[0]] + sys.argv[2:], verbosity=2)
