//! The `chongqing-atlas` binary: the window, or a headless command (see [`chongqing_atlas::cli`]).

fn main() -> std::process::ExitCode {
    chongqing_atlas::cli::main()
}
