using ImageTasks.Core.Manifests;
using ImageTasks.Core.References;
using ImageTasks.Core.Store;

namespace ImageTasks.Core.Operations.Push;

/// <summary>
/// Where else on the target registry a blob is known to be: the repositories the store's images came from
/// (<see cref="ImageRecord.Repository"/>), when they are on the same registry as the push but not the same repository.
/// Those are the candidates for a cross-repository mount.
/// </summary>
internal sealed class MountSources
{
    /// <summary>Docker tries at most a few candidates per layer before it uploads.</summary>
    private const int MaxCandidates = 3;

    private readonly Dictionary<Digest, List<string>> _byBlob = [];

    private MountSources() { }

    public static MountSources Find(ImageStore store, Repository target)
    {
        var sources = new MountSources();
        foreach (var record in store.ListImages().OrderByDescending(r => r.Pulled))
        {
            var repository = record.Repository;
            if (!string.Equals(repository.Domain, target.Domain, StringComparison.OrdinalIgnoreCase) || repository.Path == target.Path || !store.HasBlob(record.Manifest))
            {
                continue;
            }

            ImageManifest? manifest;
            try
            {
                manifest = store.ReadManifestDocument(record.Manifest, record.MediaType, record.Manifest.ToString())?.Manifest;
            }
            catch (ImageTasksException)
            {
                continue; // only an optimisation: a manifest we cannot read just offers no candidates
            }

            foreach (var blob in manifest?.Layers.Append(manifest.Config) ?? [])
            {
                sources.Add(blob.Digest, repository.Path);
            }
        }

        return sources;
    }

    /// <summary>Repository paths to try mounting from, most recently pulled first.</summary>
    public IReadOnlyList<string> For(Digest blob) => _byBlob.TryGetValue(blob, out var paths) ? paths : [];

    private void Add(Digest blob, string path)
    {
        if (!_byBlob.TryGetValue(blob, out var paths))
        {
            _byBlob[blob] = paths = [];
        }

        if (paths.Count < MaxCandidates && !paths.Contains(path))
        {
            paths.Add(path);
        }
    }
}
