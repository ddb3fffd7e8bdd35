using System.CommandLine;
using System.Globalization;
using ImageTasks.Core.Operations.Check;

namespace ImageTasks.Cli.Commands;

/// <summary>
/// <c>dotnet image check [--repair]</c>: one tab-separated line per problem, <c>STATUS KIND SUBJECT BYTES DETAIL</c>
/// (STATUS is <c>problem</c> or <c>repaired</c>; the detail, last, is prose and may hold spaces, as may a subject that
/// is a path: tabs keep every field splittable with cut or awk -F'\t'), then one summary line. Exit 0 when nothing wrong
/// is left, 1 otherwise.
/// </summary>
internal static class CheckCommand
{
    public static Command Create(GlobalOptions global, CliEnvironment environment)
    {
        var repair = new Option<bool>("--repair") { Description = "Remove temp files, orphan and corrupt blobs, dead entries and dead project roots" };
        var command = new Command("check", "Verify the image store: blobs against their digests, entries against their blobs") { repair };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var store = global.OpenStore(parse, environment);
            var result = await new CheckOperation(store).ExecuteAsync(new CheckOptions { Repair = parse.GetValue(repair) }, cancellationToken).ConfigureAwait(false);
            var output = environment.Output;
            foreach (var finding in result.Findings)
            {
                var detail = finding.Repair is { } done ? $"{finding.Detail}; {done}" : finding.Detail;
                await output.WriteLineAsync(string.Join('\t',
                    finding.Repaired ? "repaired" : "problem",
                    Kind(finding.Problem),
                    finding.Subject,
                    finding.Bytes.ToString(CultureInfo.InvariantCulture),
                    detail.ReplaceLineEndings(" ").Replace('\t', ' '))).ConfigureAwait(false);
            }

            var repaired = result.Findings.Count(f => f.Repaired);
            await output.WriteLineAsync(
                $"checked {Count(result.Blobs, "blob")}, {Count(result.Images, "image entry", "image entries")}, {Count(result.Roots, "project root")}: "
                + $"{Count(result.Findings.Count, "problem")}, {repaired} repaired").ConfigureAwait(false);
            return result.Clean ? 0 : 1;
        });
        return command;
    }

    private static string Kind(CheckProblem problem) => problem switch
    {
        CheckProblem.CorruptBlob => "corrupt-blob",
        CheckProblem.DeadEntry => "dead-entry",
        CheckProblem.OrphanBlob => "orphan-blob",
        CheckProblem.TempFile => "temp-file",
        CheckProblem.LayerFacts => "layer-facts",
        _ => "dead-root",
    };

    private static string Count(int n, string one, string? many = null) =>
        n.ToString(CultureInfo.InvariantCulture) + " " + (n == 1 ? one : many ?? one + "s");
}
