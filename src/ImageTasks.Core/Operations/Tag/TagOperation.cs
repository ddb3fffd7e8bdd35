using ImageTasks.Core.Diagnostics;
using ImageTasks.Core.References;
using ImageTasks.Core.Store;

namespace ImageTasks.Core.Operations.Tag;

/// <summary><c>tag SOURCE TARGET</c>: a new name for an image in the store (a target that named another image moves).</summary>
public sealed class TagOperation
{
    private readonly ImageStore _store;

    public TagOperation(ImageStore store) => _store = store;

    public Task<TagMove?> ExecuteAsync(string source, string target, CancellationToken cancellationToken)
    {
        var targetReference = ImageReference.Parse(target);
        if (targetReference.Digest is not null)
        {
            throw UsageErrors.TagWithDigest(target);
        }

        targetReference = targetReference.WithDefaultTag();
        return _store.UpdateIndexAsync(entries =>
        {
            var image = ImageLookup.Find(StoredImage.Group(entries), source, out _) ?? throw new ImageNotFoundException(source);
            var entry = image.First with { Reference = targetReference, Repository = targetReference.Repository, RepoDigest = null, Pulled = DateTimeOffset.UtcNow };
            return ImageIndexChanges.RecordPull(entries, entry);
        }, cancellationToken);
    }
}
