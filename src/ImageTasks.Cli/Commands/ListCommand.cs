using System.CommandLine;
using ImageTasks.Cli.Rendering;
using ImageTasks.Core.Store;

namespace ImageTasks.Cli.Commands;

/// <summary><c>dotnet image ls</c> (aliases list, images): REPOSITORY TAG IMAGE ID CREATED SIZE, newest first, as docker prints it.</summary>
internal static class ListCommand
{
    public static Command Create(GlobalOptions global, CliEnvironment environment)
    {
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Only show image IDs" };
        var noTrunc = new Option<bool>("--no-trunc") { Description = "Don't truncate output" };
        var command = new Command("ls", "List images") { quiet, noTrunc };
        command.Aliases.Add("list");
        command.Aliases.Add("images");
        command.SetAction(parse =>
        {
            var store = global.OpenStore(parse, environment);
            var rows = ImageRows.From(store.ListImages());
            var full = parse.GetValue(noTrunc);
            string Id(ImageRow row) => full ? row.Id.ToString() : row.Id.ShortId;

            if (parse.GetValue(quiet))
            {
                foreach (var id in rows.Select(Id).Distinct())
                {
                    environment.Output.WriteLine(id);
                }

                return 0;
            }

            var now = DateTimeOffset.UtcNow;
            Table.Write(
                environment.Output,
                ["REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE"],
                rows.Select(r => (IReadOnlyList<string>)[r.Repository, r.Tag, Id(r), HumanUnits.Ago(r.Created, now), HumanUnits.Size(r.Size)]));
            return 0;
        });
        return command;
    }
}
