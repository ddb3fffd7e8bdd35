using System.Text.Json;
using ImageTasks.Core.Diagnostics;

namespace ImageTasks.Core.Manifests;

/// <summary>Reads an image config from the store or a stream.</summary>
public static class ImageConfigReader
{
    public static ImageConfig Read(Stream json, string source)
    {
        ImageConfig config;
        try
        {
            config = JsonSerializer.Deserialize(json, ManifestJsonContext.Default.ImageConfig)
                ?? throw new ManifestException($"image config {source} is empty");
        }
        catch (JsonException e)
        {
            throw new ManifestException($"image config {source} is malformed: {JsonMessages.Describe(e)}", e);
        }

        // What every reader of a config relies on (the layers' diff_ids, the platform): missing, it is not an image config.
        return config.RootFs?.DiffIds is null ? throw new ManifestException($"image config {source} is malformed: it has no rootfs.diff_ids")
            : config.Os is null || config.Architecture is null ? throw new ManifestException($"image config {source} is malformed: it names no os or architecture")
            : config;
    }

    public static ImageConfig ReadFile(string path, string source)
    {
        using var stream = File.OpenRead(path);
        return Read(stream, source);
    }
}
