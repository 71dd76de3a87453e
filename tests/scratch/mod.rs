//! Where tests write files: one folder per test process, `chongqing-atlas-tests/<pid>` under the
//! system's temp folder. The first use in a process removes the folders of processes that have
//! ended, so runs never pile files up (leftovers once filled the disk and failed a run).

use std::path::PathBuf;
use std::sync::OnceLock;

/// `name` inside this process's scratch folder (the folder exists; `name` is not created).
pub fn scratch(name: &str) -> PathBuf {
    static FOLDER: OnceLock<PathBuf> = OnceLock::new();
    FOLDER
        .get_or_init(|| {
            let root = std::env::temp_dir().join("chongqing-atlas-tests");
            for entry in std::fs::read_dir(&root).into_iter().flatten().flatten() {
                let ended = entry
                    .file_name()
                    .to_str()
                    .and_then(|pid| pid.parse::<u32>().ok())
                    .is_some_and(|pid| !std::path::Path::new(&format!("/proc/{pid}")).exists());
                if ended {
                    let _ = std::fs::remove_dir_all(entry.path());
                }
            }
            let folder = root.join(std::process::id().to_string());
            std::fs::create_dir_all(&folder).expect("a scratch folder");
            folder
        })
        .join(name)
}
