using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using ImageTasks.Cli.Rendering;
using ImageTasks.Core.Manifests;
using ImageTasks.Core.References;
using ImageTasks.Core.Store;

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
        var name = new Argument<string>("IMAGE") { Description = "The image" };
        CliApp.RejectFlags(name);
        var command = new Command("history", "Show the history of an image") { format, human, noTrunc, quiet, name };
        command.SetAction(parse =>
        {
            var store = global.OpenStore(parse, environment);
            var image = ImageLookup.Find(StoredImage.Group(store.ListImages()), parse.GetValue(name)!, out _)
                ?? throw new ImageNotFoundException(parse.GetValue(name)!);
            var full = parse.GetValue(noTrunc);
            var rows = Rows(image, store, full, parse.GetValue(human), DateTimeOffset.UtcNow);

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

    /// <summary>One row per history entry, newest first; each entry that made a layer takes that layer's size.</summary>
    private static List<JsonObject> Rows(StoredImage image, ImageStore store, bool full, bool human, DateTimeOffset now)
    {
        var config = store.ReadConfig(image.Id);
        var layers = store.ReadManifest(image.First.Manifest)?.Layers ?? [];
        var history = config.History ?? [];
        var rows = new List<JsonObject>();
        var layer = 0;
        foreach (var entry in history)
        {
            long size = 0;
            if (!entry.EmptyLayer && layer < layers.Count)
            {
                size = store.GetLayerInfo(layers[layer].Digest)?.ContentSize ?? 0;
                layer++;
            }

            rows.Add(Row(entry, size, full, human, now));
        }

        rows.Reverse();
        for (var i = 0; i < rows.Count; i++)
        {
            rows[i]["ID"] = i == 0 ? ImageRows.Id(image.Id, full) : "<missing>";
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
