using System.CommandLine;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using ImageTasks.Cli.Rendering;
using ImageTasks.Core.Diagnostics;
using ImageTasks.Core.Operations.Inspect;
using ImageTasks.Core.Platforms;

namespace ImageTasks.Cli.Commands;

/// <summary>
/// <c>dotnet image inspect [--format T] [--platform P] IMAGE...</c>: docker's JSON array (or a template per image). Images that are
/// missing are reported after those found are printed, and make the exit code 1.
/// </summary>
internal static class InspectCommand
{
    private static readonly JsonSerializerOptions RelaxedJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Create(GlobalOptions global, CliEnvironment environment)
    {
        var format = new Option<string?>("--format", "-f") { Description = "Format output using a custom template: 'json', or a Go template" };
        var platform = new Option<string?>("--platform") { Description = "Inspect a specific platform of the multi-platform image (e.g. linux/arm64)" };
        var names = new Argument<string[]>("IMAGE") { Arity = ArgumentArity.OneOrMore, Description = "Images to inspect: names, IDs or repo@digest" };
        CliApp.RejectFlags(names);
        var command = new Command("inspect", "Display detailed information on one or more images") { format, platform, names };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var wanted = parse.GetValue(platform) is { Length: > 0 } text ? Platform.Parse(text) : null;
            var store = global.OpenStore(parse, environment);
            var inspection = await new ImageInspectOperation(store).ExecuteAsync(parse.GetValue(names)!, cancellationToken, wanted).ConfigureAwait(false);
            var found = inspection.Found.Select(ImageJson).ToList();
            var missing = inspection.Missing;

            var template = parse.GetValue(format);
            if (template is { Length: > 0 } && template != "json")
            {
                TemplateFormat.Parse(template, "").Write(environment.Output, [], found.Select(j => new TemplateData(j) { TypeName = "map" }));
            }
            else
            {
                // docker indents the daemon's JSON, which json.Marshal wrote with HTML escaped.
                var compact = new JsonArray([.. found]).ToJsonString(RelaxedJson);
                environment.Output.WriteLine(Encoding.UTF8.GetString(JsonIndent.Indent(Encoding.UTF8.GetBytes(compact), "    ", escapeHtml: true)));
            }

            foreach (var name in missing)
            {
                environment.Error.WriteLine($"Error: {ImageErrors.InspectNotFound(name)}");
            }

            foreach (var refusal in inspection.Refused)
            {
                environment.Error.WriteLine($"Error: {refusal.Message}");
            }

            return missing.Count == 0 && inspection.Refused.Count == 0 ? 0 : 1;
        });
        return command;
    }

    /// <summary>The fields docker inspect shows for an image, in its order; Config is the image's own, as stored.</summary>
    public static JsonObject ImageJson(InspectedImage inspected)
    {
        var image = inspected.Image;
        var config = JsonNode.Parse(inspected.Config.Bytes)?.AsObject() ?? [];

        var layers = new JsonArray();
        foreach (var diffId in config["rootfs"]?["diff_ids"]?.AsArray() ?? [])
        {
            layers.Add(diffId?.DeepClone());
        }

        var json = new JsonObject
        {
            ["Id"] = image.Id.ToString(),
            ["RepoTags"] = new JsonArray([.. image.RepoTags.Select(t => (JsonNode?)t.ToFamiliarString())]),
            ["RepoDigests"] = new JsonArray([.. image.RepoDigests.Select(d => (JsonNode?)d.ToFamiliarString())]),
            ["Parent"] = "",
            ["Comment"] = Text(config, "comment"),
            ["Created"] = image.Created is { } created ? HumanUnits.Rfc3339(created) : Text(config, "created"),
            ["DockerVersion"] = Text(config, "docker_version"),
            ["Author"] = Text(config, "author"),
            ["Config"] = config["config"]?.DeepClone(),
            ["Architecture"] = Text(config, "architecture"),
        };
        if (config["variant"] is { } variant)
        {
            json["Variant"] = variant.DeepClone();
        }

        json["Os"] = Text(config, "os");
        if (config["os.version"] is { } osVersion)
        {
            json["OsVersion"] = osVersion.DeepClone();
        }

        json["Size"] = image.Size;
        json["RootFS"] = new JsonObject { ["Type"] = Text(config, "rootfs", "type"), ["Layers"] = layers };
        json["Metadata"] = new JsonObject { ["LastTagTime"] = "0001-01-01T00:00:00Z" };
        return json;
    }

    private static string Text(JsonObject config, string name, string? child = null)
    {
        var node = child is null ? config[name] : config[name]?[child];
        return node is JsonValue value && value.TryGetValue<string>(out var text) ? text : "";
    }
}
