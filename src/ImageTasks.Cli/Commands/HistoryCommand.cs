using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using ImageTasks.Cli.Rendering;
using ImageTasks.Core.Manifests;
using ImageTasks.Core.Operations.History;
using ImageTasks.Core.Platforms;

namespace ImageTasks.Cli.Commands;

/// <summary><c>dotnet image history IMAGE</c>: the config's history, newest first, with each layer's size, as docker prints it.</summary>
internal static class HistoryCommand
{
    private const int CreatedByWidth = 45;

    private static readonly JsonObject Columns = new()
    {
        ["ID"] = "IMAGE",
        ["CreatedSince"] = "CREATED",
        ["CreatedAt"] = "CREATED AT",
        ["CreatedBy"] = "CREATED BY",
        ["Size"] = "SIZE",
        ["Comment"] = "COMMENT",
    };

    public static Command Create(GlobalOptions global, CliEnvironment environment)
    {
        var format = new Option<string?>("--format") { Description = "Format output using a custom template: 'table', 'table TEMPLATE', 'json', or a Go template" };
        var human = new Option<bool>("--human", "-H") { Description = "Print sizes and dates in human readable format", DefaultValueFactory = _ => true };
        var noTrunc = new Option<bool>("--no-trunc") { Description = "Don't truncate output" };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Only show image IDs" };
        var platform = new Option<string?>("--platform") { Description = "Show history for the given platform (e.g. linux/arm64)" };
        var name = new Argument<string>("IMAGE") { Description = "The image" };
        CliApp.RejectFlags(name);
        var command = new Command("history", "Show the history of an image") { format, human, noTrunc, platform, quiet, name };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var wanted = parse.GetValue(platform) is { Length: > 0 } text ? Platform.Parse(text) : null;
            var store = global.OpenStore(parse, environment);
            var history = await new HistoryOperation(store).ExecuteAsync(parse.GetValue(name)!, cancellationToken, wanted).ConfigureAwait(false);
            var full = parse.GetValue(noTrunc);
            var rows = Rows(history, full, parse.GetValue(human), DateTimeOffset.UtcNow);

            if (parse.GetValue(quiet))
            {
                foreach (var row in rows)
                {
                    environment.Output.WriteLine(row["ID"]!.GetValue<string>());
                }

                return 0;
            }

            if (parse.GetValue(format) is { Length: > 0 } template && template != "table")
            {
                TemplateFormat.Parse(template, "").Write(environment.Output, Columns, rows.Select(r => new TemplateData(r) { TypeName = "*formatter.historyContext", EscapeHtmlInJson = true }));
                return 0;
            }

            var created = parse.GetValue(human) ? "CREATED" : "CREATED AT";
            var createdKey = parse.GetValue(human) ? "CreatedSince" : "CreatedAt";
            Table.Write(environment.Output, ["IMAGE", created, "CREATED BY", "SIZE", "COMMENT"],
                rows.Select(r => (IReadOnlyList<string>)[.. new[] { "ID", createdKey, "CreatedBy", "Size", "Comment" }.Select(k => r[k]!.GetValue<string>())]));
            return 0;
        });
        return command;
    }

    /// <summary>One row per history step, newest first; only the newest names the image.</summary>
    private static List<JsonObject> Rows(ImageHistory history, bool full, bool human, DateTimeOffset now)
    {
        var rows = history.Steps.Select(s => Row(s.Entry, s.Size, full, human, now)).ToList();
        for (var i = 0; i < rows.Count; i++)
        {
            rows[i]["ID"] = i == 0 ? ImageRows.Id(history.Image.Id, full) : "<missing>";
        }

        return rows;
    }

    private static JsonObject Row(HistoryEntry entry, long size, bool full, bool human, DateTimeOffset now)
    {
        var createdBy = entry.CreatedBy ?? "";
        if (!full && createdBy.Length > CreatedByWidth)
        {
            createdBy = createdBy[..(CreatedByWidth - 1)] + "…";
        }

        // Alphabetical keys, as docker's --format json prints a history row.
        return new JsonObject
        {
            ["Comment"] = entry.Comment ?? "",
            ["CreatedAt"] = entry.Created is { } created ? HumanUnits.Rfc3339(created) : "",
            ["CreatedBy"] = createdBy,
            ["CreatedSince"] = HumanUnits.Ago(entry.Created, now),
            ["ID"] = "",
            ["Size"] = human ? HumanUnits.Size(size) : size.ToString(CultureInfo.InvariantCulture),
        };
    }
}
