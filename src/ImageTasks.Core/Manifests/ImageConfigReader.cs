using System.Text.Json;

namespace ImageTasks.Core.Manifests;

/// <summary>Reads an image config from the store or a stream.</summary>
public static class ImageConfigReader
{
    public static ImageConfig Read(Stream json, string source)
    {
        try
        {
            return JsonSerializer.Deserialize(json, ManifestJsonContext.Default.ImageConfig)
                ?? throw new ManifestException($"image config {source} is empty");
        }
        catch (JsonException e)
        {
            throw new ManifestException($"image config {source} is malformed: {e.Message}", e);
        }
    }

    public static ImageConfig ReadFile(string path, string source)
    {
        using var stream = File.OpenRead(path);
        return Read(stream, source);
    }
}
