using ImageTasks.Core.Manifests;
using ImageTasks.Core.Operations.Inspect;
using ImageTasks.Core.Store;

namespace ImageTasks.Core.Operations.History;

/// <summary>One step of an image's history; <paramref name="Size"/> is its layer's unpacked size (0 for a step that made none).</summary>
public sealed record HistoryStep(HistoryEntry Entry, long Size);

/// <param name="Image">the image the name found</param>
/// <param name="Steps">newest first, as docker history lists them</param>
public sealed record ImageHistory(StoredImage Image, IReadOnlyList<HistoryStep> Steps);

/// <summary>history: the config's history entries, newest first, each that made a layer with that layer's size.</summary>
public sealed class HistoryOperation
{
    private readonly ImageStore _store;

    public HistoryOperation(ImageStore store) => _store = store;

    /// <param name="platform">docker's --platform: which platform of the named image (null: the one the name finds)</param>
    public async Task<ImageHistory> ExecuteAsync(string name, CancellationToken cancellationToken, Platforms.Platform? platform = null)
    {
        var images = StoredImage.Group(_store.ListImages());
        var image = (platform is null ? ImageLookup.Find(images, name, out _) : ImageLookup.Find(images, name, platform, out _))
            ?? throw new ImageNotFoundException(name);
        var source = ImageInspectOperation.StoredImageOf(_store, image);
        var config = (await source.GetConfigAsync(cancellationToken).ConfigureAwait(false)).Config;
        var steps = new List<HistoryStep>();
        var layer = 0;
        foreach (var entry in config.History ?? [])
        {
            long size = 0;
            if (!entry.EmptyLayer && layer < source.Layers.Count)
            {
                size = _store.GetLayerInfo(source.Layers[layer].Digest)?.ContentSize ?? 0;
                layer++;
            }

            steps.Add(new HistoryStep(entry, size));
        }

        steps.Reverse();
        return new ImageHistory(image, steps);
    }
}
