//! Reading a file that a user or another program handed us, safely: only a regular file is opened
//! (a named pipe would block, a device such as `/dev/zero` would never end), and never more than a
//! limit is read, even if the file grows while it is read. Drafts, recovery files and reference
//! files all go through here.

use std::io::Read;
use std::path::Path;

/// Why a file was not read.
#[derive(Debug)]
pub enum BoundedReadError {
    /// The operating system's error (missing, no permission, ...).
    Io(std::io::Error),
    /// A folder, device or pipe has that name.
    NotAFile,
    /// The file is larger than the limit; the size seen.
    TooLarge(u64),
}

impl std::fmt::Display for BoundedReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BoundedReadError::Io(error) => write!(f, "{error}"),
            BoundedReadError::NotAFile => {
                f.write_str("not a regular file (a folder, a device or a pipe has that name)")
            }
            BoundedReadError::TooLarge(size) => write!(f, "the file is {size} bytes, too large"),
        }
    }
}

/// True when `name` names a file directly in a folder: not empty, no folder separator, no drive,
/// not `.` or `..`. What a manifest may list, so that it cannot read outside its own folder.
pub fn is_plain_file_name(name: &str) -> bool {
    !name.is_empty() && name != "." && name != ".." && !name.contains(['/', '\\', ':', '\0'])
}

/// The bytes of the regular file at `path`, at most `max_bytes` of them.
pub fn read_regular_file(path: &Path, max_bytes: u64) -> Result<Vec<u8>, BoundedReadError> {
    let file = open_without_blocking(path)?;
    // The type and size of what was opened, not of what the name meant a moment before.
    let metadata = file.metadata().map_err(BoundedReadError::Io)?;
    if !metadata.is_file() {
        return Err(BoundedReadError::NotAFile);
    }
    if metadata.len() > max_bytes {
        return Err(BoundedReadError::TooLarge(metadata.len()));
    }
    // Read at most one byte past the limit: the file may have grown since `metadata`. Room for
    // the size seen and one byte more lets a file that did not change be read in one call (and
    // one that finds its end), instead of in growing steps.
    let mut bytes =
        Vec::with_capacity(usize::try_from(metadata.len().saturating_add(1)).unwrap_or(0));
    file.take(max_bytes + 1)
        .read_to_end(&mut bytes)
        .map_err(BoundedReadError::Io)?;
    if bytes.len() as u64 > max_bytes {
        return Err(BoundedReadError::TooLarge(bytes.len() as u64));
    }
    Ok(bytes)
}

/// Opens `path` for reading. On Unix with `O_NONBLOCK`, so that a named pipe with no writer
/// opens at once (and is then refused as not a file) instead of blocking the open; a regular
/// file reads the same either way.
#[cfg(unix)]
fn open_without_blocking(path: &Path) -> Result<std::fs::File, BoundedReadError> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
        .map_err(BoundedReadError::Io)
}

/// Elsewhere, a named pipe is refused by its type before it is opened.
#[cfg(not(unix))]
fn open_without_blocking(path: &Path) -> Result<std::fs::File, BoundedReadError> {
    if !std::fs::metadata(path)
        .map_err(BoundedReadError::Io)?
        .is_file()
    {
        return Err(BoundedReadError::NotAFile);
    }
    std::fs::File::open(path).map_err(BoundedReadError::Io)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_folders_and_large_files_and_reads_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(
            read_regular_file(dir.path(), 10),
            Err(BoundedReadError::NotAFile)
        ));
        let path = dir.path().join("f");
        std::fs::write(&path, b"12345").unwrap();
        assert!(matches!(
            read_regular_file(&path, 4),
            Err(BoundedReadError::TooLarge(5))
        ));
        assert_eq!(read_regular_file(&path, 5).unwrap(), b"12345");
        #[cfg(unix)]
        {
            // A named pipe with no writer is refused at once, not waited on.
            let fifo = dir.path().join("fifo");
            let made = std::process::Command::new("mkfifo").arg(&fifo).status();
            if made.is_ok_and(|s| s.success()) {
                assert!(matches!(
                    read_regular_file(&fifo, 5),
                    Err(BoundedReadError::NotAFile)
                ));
            }
            assert!(matches!(
                read_regular_file(Path::new("/dev/zero"), 5),
                Err(BoundedReadError::NotAFile)
            ));
        }
        let missing = dir.path().join("missing");
        assert!(matches!(
            read_regular_file(&missing, 5),
            Err(BoundedReadError::Io(_))
        ));
    }
}
