using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using ImageTasks.Cli.Rendering;
using ImageTasks.Core.Diagnostics;
using ImageTasks.Core.Operations.List;
using ImageTasks.Core.Store;

namespace ImageTasks.Cli.Commands;

/// <summary>
/// <c>dotnet image ls [REPOSITORY[:TAG]]</c> (aliases list, images): docker's columns, filters and templates over the
/// store's index (no config is opened unless a label is asked for).
/// </summary>
internal static class ListCommand
{
    private static readonly JsonObject Columns = new()
    {
        ["Repository"] = "REPOSITORY",
        ["Tag"] = "TAG",
        ["Digest"] = "DIGEST",
        ["ID"] = "IMAGE ID",
        ["CreatedSince"] = "CREATED",
        ["CreatedAt"] = "CREATED AT",
        ["Size"] = "SIZE",
        ["VirtualSize"] = "SIZE",
        ["SharedSize"] = "SHARED SIZE",
        ["UniqueSize"] = "UNIQUE SIZE",
        ["Containers"] = "CONTAINERS",
        ["Labels"] = "LABELS",
        ["Projects"] = "PROJECTS",
        ["Platform"] = "PLATFORM",
    };

    public static Command Create(GlobalOptions global, CliEnvironment environment)
    {
        var all = new Option<bool>("--all", "-a") { Description = "Show all images (there are no intermediate images in this store, so the same as without)" };
        var digests = new Option<bool>("--digests") { Description = "Show digests" };
        var filters = new Option<string[]>("--filter", "-f") { Description = "Filter output based on conditions provided (dangling, before, since, label, reference, project)", Arity = ArgumentArity.ZeroOrMore };
        var format = new Option<string?>("--format") { Description = "Format output using a custom template: 'table', 'table TEMPLATE', 'json', or a Go template" };
        var noTrunc = new Option<bool>("--no-trunc") { Description = "Don't truncate output" };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Only show image IDs" };
        var tree = new Option<bool>("--tree") { Description = "List multi-platform images as a tree (EXPERIMENTAL)" };
        var repository = new Argument<string?>("REPOSITORY[:TAG]") { Arity = ArgumentArity.ZeroOrOne, Description = "Show only images of this repository" };
        CliApp.RejectFlags(repository);

        var command = new Command("ls", "List images") { all, digests, filters, format, noTrunc, quiet, tree, repository };
        command.Aliases.Add("list");
        command.Aliases.Add("images");
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = ParseOptions(parse.GetValue(filters) ?? [], parse.GetValue(repository));
            var store = global.OpenStore(parse, environment);
            var list = new ListOperation(store);
            var images = await list.ExecuteAsync(options, cancellationToken).ConfigureAwait(false);
            var full = parse.GetValue(noTrunc);
            if (parse.GetValue(tree))
            {
                // docker 28 refuses these together with --tree, in these words.
                if (full || parse.GetValue(quiet) || parse.GetValue(digests) || parse.GetValue(format) is { Length: > 0 })
                {
                    var flag = full ? "--no-trunc" : parse.GetValue(quiet) ? "--quiet" : parse.GetValue(digests) ? "--show-digest" : "--format";
                    throw Core.Diagnostics.UsageErrors.NotWithTree(flag);
                }

                environment.Output.Write(ImageTreeTable.Render(ImageTree.Build(store, images.SelectMany(i => i.Entries))));
                return 0;
            }

            if (parse.GetValue(quiet))
            {
                // docker prints {{.ID}} per row: an image with three tags prints its ID three times.
                // One write: the console flushes every write, and a store may hold thousands of images.
                var ids = new StringBuilder();
                foreach (var id in images.SelectMany(i => ImageRows.For(i, tagDigests: false, parse.GetValue(digests))).Select(r => ImageRows.Id(r.Image.Id, full)))
                {
                    ids.Append(id).Append(environment.Output.NewLine);
                }

                environment.Output.Write(ids.ToString());

                return 0;
            }

            var template = parse.GetValue(format);
            var showDigests = parse.GetValue(digests);
            // Docker fills tag rows' digests when the template names {{.Digest}}, even without --digests.
            var tagDigests = showDigests || (template?.Contains("{{.Digest}}", StringComparison.Ordinal) ?? false);
            var rows = images.SelectMany(i => ImageRows.For(i, tagDigests, showDigests)).ToList();
            var now = DateTimeOffset.UtcNow;

            if (template is { Length: > 0 } && template != "table")
            {
                var extras = new TemplateExtras(
                    template.Contains(".Labels", StringComparison.Ordinal),
                    template.Contains(".Projects", StringComparison.Ordinal),
                    template.Contains(".Platform", StringComparison.Ordinal));
                TemplateFormat.Parse(template, "").Write(environment.Output, Columns, rows.Select(r => Data(r, full, now, list, extras)));
                return 0;
            }

            string[] header = showDigests
                ? ["REPOSITORY", "TAG", "DIGEST", "IMAGE ID", "CREATED", "SIZE"]
                : ["REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE"];
            Table.Write(environment.Output, header, rows.Select(r => Cells(r, showDigests, full, now)));
            return 0;
        });
        return command;
    }

    /// <summary>The engine names the rule a filter breaks; docker's message also names the flag, which is the CLI's to say.</summary>
    private static ListOptions ParseOptions(IEnumerable<string> filters, string? repository)
    {
        try
        {
            return ListOptions.Parse(filters, repository);
        }
        catch (UsageException e) when (e.Rule == UsageErrors.FilterFormatRule)
        {
            throw CliErrors.InvalidFlagArgument(e.Input!, "-f, --filter", e.Rule);
        }
    }

    private static string[] Cells(ImageRow row, bool digests, bool full, DateTimeOffset now)
    {
        var id = ImageRows.Id(row.Image.Id, full);
        var created = HumanUnits.Ago(row.Image.Created, now);
        var size = HumanUnits.Size(row.Image.Size);
        return digests
            ? [row.Repository, row.Tag, row.Digest, id, created, size]
            : [row.Repository, row.Tag, id, created, size];
    }

    /// <summary>
    /// The fields docker 28's ls lacks, each filled only for a template that names it (they read configs or the
    /// store's project roots): {{.Labels}}; {{.Projects}}, the projects that use the image (comma-separated paths, as
    /// docker joins a container's names); {{.Platform}}, os/arch[/variant], which tells apart the rows of one
    /// repository pulled for several platforms.
    /// </summary>
    private sealed record TemplateExtras(bool Labels, bool Projects, bool Platform)
    {
        public bool Any => Labels || Projects || Platform;
    }

    /// <summary>docker's JSON for a row: alphabetical keys, every value a string. The extras are never part of {{json .}}.</summary>
    private static TemplateData Data(ImageRow row, bool full, DateTimeOffset now, ListOperation list, TemplateExtras extras)
    {
        var json = new JsonObject
        {
            ["Containers"] = "N/A",
            ["CreatedAt"] = row.Image.Created is { } c ? c.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " +0000 UTC" : "",
            ["CreatedSince"] = HumanUnits.Ago(row.Image.Created, now),
            ["Digest"] = row.Digest,
            ["ID"] = ImageRows.Id(row.Image.Id, full),
            ["Repository"] = row.Repository,
            ["SharedSize"] = "N/A",
            ["Size"] = HumanUnits.Size(row.Image.Size),
            ["Tag"] = row.Tag,
            ["UniqueSize"] = "N/A",
            ["VirtualSize"] = HumanUnits.Size(row.Image.Size, precision: 4),
        };
        var fields = extras.Any ? (JsonObject)json.DeepClone() : json;
        if (extras.Labels)
        {
            var labels = new JsonObject();
            foreach (var (key, value) in list.LabelsOf(row.Image).OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                labels[key] = value;
            }

            fields["Labels"] = labels;
        }

        if (extras.Projects)
        {
            fields["Projects"] = string.Join(",", list.ProjectsUsing(row.Image));
        }

        if (extras.Platform)
        {
            fields["Platform"] = list.PlatformOf(row.Image);
        }

        return new TemplateData(fields, json) { TypeName = "*formatter.imageContext", EscapeHtmlInJson = true };
    }
}
