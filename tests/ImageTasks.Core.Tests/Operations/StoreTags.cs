using ImageTasks.Core.References;
using ImageTasks.Core.Store;

namespace ImageTasks.Core.Tests.Operations;

/// <summary>
/// <c>docker tag</c> for tests: gives an image already in the store a second name, keeping the repository it came from.
/// A push needs a local name the registry does not have yet. (Linked into the CLI tests too.)
/// </summary>
internal static class StoreTags
{
    public static Task TagAsync(ImageStore store, string source, string target) =>
        store.UpdateIndexAsync(
            images =>
            {
                var from = ImageReference.Parse(source).WithDefaultTag();
                images.Add(images.Single(i => i.Reference == from) with { Reference = ImageReference.Parse(target).WithDefaultTag() });
                return images.Count;
            },
            CancellationToken.None);
}
