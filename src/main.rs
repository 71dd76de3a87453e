fn main() -> std::process::ExitCode {
    chongqing_atlas::cli::main()
}
