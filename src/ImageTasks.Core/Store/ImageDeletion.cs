using System.Text;
using ImageTasks.Core.References;

namespace ImageTasks.Core.Store;

/// <summary>One thing rm or prune did: a name untagged (<paramref name="Subject"/> is the reference) or an image or layer deleted (its ID or chain ID, with the bytes that freed). Faces word it (docker prints <c>Untagged:</c> / <c>Deleted:</c>).</summary>
public sealed record RemovalLine(bool Deleted, string Subject, long ReclaimedBytes = 0);

/// <summary>
/// Docker's rules for taking names off an image and deleting it, applied to the index entries (blobs are swept by
/// <see cref="ImageStore.UpdateIndexAsync{T}"/> once the index no longer needs them).
/// </summary>
public static class ImageDeletion
{
    /// <summary>Takes one tag off; when no tag of that repository is left, its repository digests go too (as moby does).</summary>
    internal static List<RemovalLine> Untag(List<ImageRecord> entries, StoredImage image, ImageReference name)
    {
        var lines = new List<RemovalLine>();
        var repository = name.Repository;
        if (name.Digest is { } digest)
        {
            entries.RemoveAll(e => e.Config == image.Id && e.Reference is null && e.Repository == repository && (e.RepoDigest == digest || e.Manifest == digest));
            for (var i = 0; i < entries.Count; i++)
            {
                if (entries[i].Config == image.Id && entries[i].Repository == repository && entries[i].RepoDigest == digest)
                {
                    entries[i] = entries[i] with { RepoDigest = null };
                }
            }

            lines.Add(new RemovalLine(false, repository.WithDigest(digest).ToFamiliarString()));
            return lines;
        }

        var tagged = entries.FirstOrDefault(e => e.Config == image.Id && e.Reference == name);
        if (tagged is null)
        {
            return lines;
        }

        entries.Remove(tagged);
        lines.Add(new RemovalLine(false, name.ToFamiliarString()));
        if (!entries.Any(e => e.Config == image.Id && e.Reference is not null && e.Reference.Repository == repository))
        {
            var digests = image.Entries.Where(e => e.Repository == repository && e.RepoDigest is not null).Select(e => e.RepoDigest!.Value).Distinct();
            foreach (var repoDigest in digests)
            {
                entries.RemoveAll(e => e.Config == image.Id && e.Reference is null && e.Repository == repository && e.RepoDigest == repoDigest);
                lines.Add(new RemovalLine(false, repository.WithDigest(repoDigest).ToFamiliarString()));
            }
        }

        return lines;
    }

    /// <summary>Takes every name off (tags, then repository digests).</summary>
    internal static List<RemovalLine> UntagAll(List<ImageRecord> entries, StoredImage image)
    {
        var lines = new List<RemovalLine>();
        foreach (var tag in image.RepoTags)
        {
            lines.AddRange(Untag(entries, image, tag));
        }

        foreach (var repoDigest in image.RepoDigests.Where(d => !lines.Any(l => l.Subject == d.ToFamiliarString())))
        {
            lines.AddRange(Untag(entries, image, repoDigest));
        }

        return lines;
    }

    /// <summary>
    /// Deletes the image: its entries go, then <c>Deleted:</c> lines for the image ID and, top layer first, each layer
    /// (by chain ID, as Docker names layers) that no remaining image shares.
    /// </summary>
    internal static List<RemovalLine> Delete(List<ImageRecord> entries, StoredImage image, ImageStore store)
    {
        entries.RemoveAll(e => e.Config == image.Id);
        var lines = new List<RemovalLine> { new(true, image.Id.ToString()) };
        if (!store.HasBlob(image.Id))
        {
            return lines;
        }

        var diffIds = store.ReadConfig(image.Id).RootFs.DiffIds;
        var chainIds = ChainIds(diffIds);
        var stillUsed = entries.Select(e => e.Config).Distinct().Where(store.HasBlob)
            .SelectMany(c => ChainIds(store.ReadConfig(c).RootFs.DiffIds)).ToHashSet();
        var layers = store.ReadManifest(image.First.Manifest)?.Layers ?? [];
        for (var i = chainIds.Count - 1; i >= 0 && !stillUsed.Contains(chainIds[i]); i--)
        {
            var size = i < layers.Count ? store.GetLayerInfo(layers[i].Digest)?.ContentSize ?? 0 : 0;
            lines.Add(new RemovalLine(true, chainIds[i].ToString(), size));
        }

        return lines;
    }

    /// <summary>ChainID(L0) = DiffID(L0); ChainID(Ln) = sha256(ChainID(Ln-1) + " " + DiffID(Ln)) — the OCI image spec's layer identity.</summary>
    public static List<Digest> ChainIds(IReadOnlyList<string> diffIds)
    {
        var chain = new List<Digest>(diffIds.Count);
        foreach (var diffId in diffIds)
        {
            chain.Add(chain.Count == 0
                ? Digest.Parse(diffId)
                : Digest.Compute(Encoding.UTF8.GetBytes($"{chain[^1]} {diffId}")));
        }

        return chain;
    }
}
