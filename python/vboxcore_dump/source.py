"""A dump file opened read-only and read with positional reads, with the library's refusals.

Only regular files and block devices are read: a FIFO is refused at once (it is opened without
blocking), and so are sockets, character devices, folders and /proc-style pseudo-files. No read
goes past the size the file had when it was opened.
"""
import errno
import os
import stat

from .problems import VboxcoreError

_REASONS = {
    errno.ENOENT: 'no such file', errno.EACCES: 'permission denied', errno.EPERM: 'permission denied',
    errno.EISDIR: 'is a directory', errno.EIO: 'input/output error', errno.ELOOP: 'too many symbolic links',
    errno.ENAMETOOLONG: 'file name too long', errno.ENOTDIR: 'a part of the path is not a directory',
}


def unreadable(path, cause):
    reason = _REASONS.get(getattr(cause, 'errno', None)) or getattr(cause, 'strerror', None) or str(cause)
    return VboxcoreError('FILE_UNREADABLE', '%s: cannot read: %s' % (path, reason))


def _kind(mode):
    if stat.S_ISFIFO(mode):
        return 'a FIFO (named pipe)'
    if stat.S_ISSOCK(mode):
        return 'a socket'
    if stat.S_ISCHR(mode):
        return 'a character device'
    if stat.S_ISDIR(mode):
        return 'a directory'
    return 'not a regular file'


def _block_device_size(path, rdev):
    sysfs = '/sys/dev/block/%d:%d/size' % (os.major(rdev), os.minor(rdev))
    try:
        with open(sysfs, encoding='ascii') as file:
            sectors = int(file.read().strip())
    except (OSError, ValueError) as cause:
        raise VboxcoreError('FILE_UNREADABLE', '%s: a block device whose size cannot be read (%s: %s)' % (path, sysfs, cause)) from None
    return sectors * 512


class FileSource:
    """The file at `path`: its size and positional reads inside it."""

    def __init__(self, path):
        if not isinstance(path, (str, bytes, os.PathLike)) or path in ('', b''):
            raise VboxcoreError('INVALID_ARGUMENT', 'a dump is opened by its file path, not %r' % (path,))
        self.path = os.fsdecode(path)
        try:
            self._fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        except OSError as cause:
            raise unreadable(self.path, cause) from None
        try:
            info = os.fstat(self._fd)
            if stat.S_ISBLK(info.st_mode):
                self.size = _block_device_size(self.path, info.st_rdev)
            elif not stat.S_ISREG(info.st_mode):
                raise VboxcoreError('FILE_UNREADABLE', '%s: %s, not a file: vboxcore reads dumps from files and block devices (positional reads)' % (self.path, _kind(info.st_mode)))
            else:
                self.size = info.st_size
                if self.size == 0 and os.pread(self._fd, 1, 0):
                    raise VboxcoreError('FILE_UNREADABLE', '%s: a pseudo-file (stat gives size 0, yet it has content, as /proc and /sys files do): not a core dump' % self.path)
        except VboxcoreError:
            os.close(self._fd)
            raise
        except OSError as cause:
            os.close(self._fd)
            raise unreadable(self.path, cause) from None

    def read_at(self, offset, length):
        """Exactly `length` bytes at `offset`, which the caller has checked lie inside the file."""
        if not (0 <= offset and 0 <= length and offset + length <= self.size):
            raise VboxcoreError('FILE_UNREADABLE', '%s: read of %d bytes at file offset %d lies outside the file (%d bytes)' % (self.path, length, offset, self.size), file_offset=offset)
        chunks = []
        done = 0
        while done < length:
            try:
                chunk = os.pread(self._fd, length - done, offset + done)
            except OSError as cause:
                raise unreadable(self.path, cause) from None
            if not chunk:
                raise VboxcoreError('FILE_UNREADABLE', '%s: the file shrank while being read (end at %d)' % (self.path, offset + done), file_offset=offset + done)
            chunks.append(chunk)
            done += len(chunk)
        return b''.join(chunks)

    def read_window(self, offset, length):
        """Up to `length` bytes at `offset`, fewer where the file ends first."""
        available = max(0, min(length, self.size - offset))
        return self.read_at(offset, available) if available else b''

    def close(self):
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def __enter__(self):
        return self

    def __exit__(self, *_):
        self.close()
