package io.marketintel.pipeline.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code pipeline} command line (DESIGN.md section 4.4). Exit codes: 0 success, 1 runtime
 * failure, 2 invalid configuration or usage.
 */
@Command(name = "pipeline", mixinStandardHelpOptions = true, version = "pipeline 0.1.0",
        description = "Real-time market-data pipeline: many sources in, one canonical protobuf stream out.",
        subcommands = {RunCommand.class, ValidateCommand.class, TailCommand.class, DemoCommand.class,
            BenchCommand.class})
public final class PipelineCli {
    static final int EXIT_OK = 0;
    static final int EXIT_FAILURE = 1;
    static final int EXIT_INVALID = 2;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs a command line and returns its exit code (tests call this). */
    public static int execute(String... args) {
        final CommandLine cli = new CommandLine(new PipelineCli());
        cli.setExitCodeExceptionMapper(e -> EXIT_FAILURE);
        cli.setParameterExceptionHandler((e, a) -> {
            e.getCommandLine().getErr().println(e.getMessage());
            e.getCommandLine().usage(e.getCommandLine().getErr());
            return EXIT_INVALID;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("error: " + e.getMessage());
            return EXIT_FAILURE;
        });
        return cli.execute(args);
    }
}
