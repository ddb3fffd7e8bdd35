using ImageTasks.Cli.Tests.Commands;
using ImageTasks.Cli.Rendering;
using ImageTasks.Core.Diagnostics;

namespace ImageTasks.Cli.Tests.Diagnostics;

/// <summary>
/// How the CLI reports a failure: docker's one line without --debug (no code, no type, no trace); with --debug the code
/// from the catalogue and the stack trace as well.
/// </summary>
public sealed class ErrorOutputTests
{
    [Fact]
    public async Task A_docker_failure_is_dockers_line_alone_and_debug_adds_its_code_and_trace()
    {
        using var cli = new CliRunner();

        var plain = await cli.RunAsync("tag", "nosuch:1", "other:1");
        var debug = await cli.RunAsync("--debug", "tag", "nosuch:1", "other:1");

        Assert.Equal(1, plain.ExitCode);
        Assert.Equal("Error: No such image: nosuch:1" + Environment.NewLine, plain.Error);
        Assert.Equal(1, debug.ExitCode);
        var lines = debug.Error.Split(Environment.NewLine);
        Assert.Equal("Error: No such image: nosuch:1", lines[0]);
        Assert.Equal($"DEBU {DiagnosticCodes.ImageNotFound.Id}: {DiagnosticCodes.ImageNotFound.Meaning}", lines[1]);
        Assert.StartsWith("ImageTasks.Core.Store.ImageNotFoundException", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_store_the_system_refuses_is_a_coded_file_error_naming_the_path_without_a_type_name()
    {
        using var cli = new CliRunner();
        var blocker = Path.Combine(cli.Store, "not-a-folder");
        await File.WriteAllTextAsync(blocker, "");

        var (exit, _, error) = await cli.RunAsync("--store", Path.Combine(blocker, "store"), "--debug", "tag", "a:1", "b:1");

        Assert.Equal(1, exit);
        var lines = error.Split(Environment.NewLine);
        Assert.StartsWith("Error: ", lines[0], StringComparison.Ordinal);
        Assert.Contains(blocker, lines[0], StringComparison.Ordinal);
        Assert.EndsWith(": check the path, its permissions and the free disk space", lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", lines[0], StringComparison.Ordinal);
        Assert.Equal($"DEBU {DiagnosticCodes.FileAccess.Id}: {DiagnosticCodes.FileAccess.Meaning}", lines[1]);
    }

    [Fact]
    public async Task An_unexpected_exception_is_a_generic_coded_line_and_its_type_only_shows_with_debug()
    {
        var bug = new InvalidOperationException("Sequence contains no elements");
        using var plain = new StringWriter();
        using var debug = new StringWriter();

        await CliApp.ReportAsync(bug, debug: false, plain);
        await CliApp.ReportAsync(bug, debug: true, debug);

        Assert.Equal("Error: internal error: Sequence contains no elements; run with --debug for details" + Environment.NewLine, plain.ToString());
        var lines = debug.ToString().Split(Environment.NewLine);
        Assert.Equal($"DEBU IMG2999: {DiagnosticCodes.Internal.Meaning}", lines[1]);
        Assert.StartsWith("System.InvalidOperationException: Sequence contains no elements", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public void The_CLI_failures_carry_codes_from_the_catalogue()
    {
        Assert.Contains(new TemplateException("template: :1: unexpected EOF").Code, DiagnosticCodes.All);
        Assert.Equal(DiagnosticCodes.InvalidArgument, CliErrors.TagWithAllTags().Code);
        Assert.Equal(
            "invalid argument \"x\" for \"-f, --filter\" flag: bad format of filter (expected name=value)",
            CliErrors.InvalidFlagArgument("x", "-f, --filter", UsageErrors.FilterFormatRule).Message);
    }
}
