using System.CommandLine;
using ImageTasks.Core.Diagnostics;
using ImageTasks.Core.Operations.Save;
using ImageTasks.Core.Platforms;

namespace ImageTasks.Cli.Commands;

/// <summary>
/// <c>dotnet image save [-o FILE] [--platform P] IMAGE...</c>: docker's flags. Without -o the archive goes to stdout,
/// unless stdout is a terminal (docker's refusal). A file gets its name only once the archive is complete.
/// </summary>
internal static class SaveCommand
{
    public static Command Create(GlobalOptions global, CliEnvironment environment)
    {
        var output = new Option<string?>("--output", "-o") { Description = "Write to a file, instead of STDOUT" };
        var platform = new Option<string?>("--platform") { Description = "Save only the given platform of the image (e.g. linux/arm64)" };
        var images = new Argument<string[]>("IMAGE") { Arity = ArgumentArity.OneOrMore, Description = "The images to save" };
        CliApp.RejectFlags(images);
        var command = new Command("save", "Save one or more images to a tar archive (streamed to STDOUT by default)") { output, platform, images };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = new SaveOptions(parse.GetValue(images)!, parse.GetValue(platform) is { Length: > 0 } text ? Platform.Parse(text) : null);
            var operation = new SaveOperation(global.OpenStore(parse, environment));
            if (parse.GetValue(output) is not { Length: > 0 } file)
            {
                if (environment.OutputIsTerminal)
                {
                    throw ArchiveErrors.SaveToTerminal();
                }

                await using var stdout = environment.OpenBinaryOutput();
                await operation.ExecuteAsync(options, stdout, cancellationToken).ConfigureAwait(false);
                return 0;
            }

            // As docker: written beside the target under a temp name, renamed when complete, so no half archive is ever FILE.
            var target = Path.GetFullPath(file);
            var temp = Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");
            try
            {
                await using (var stream = Create(temp, file))
                {
                    await operation.ExecuteAsync(options, stream, cancellationToken).ConfigureAwait(false);
                }

                File.Move(temp, target, overwrite: true);
            }
            finally
            {
                if (File.Exists(temp))
                {
                    File.Delete(temp);
                }
            }

            return 0;
        });
        return command;
    }

    private static FileStream Create(string temp, string file)
    {
        try
        {
            return new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
        }
        catch (Exception e) when (e is DirectoryNotFoundException or UnauthorizedAccessException)
        {
            throw ArchiveErrors.OutputUnwritable(file, e);
        }
    }
}
