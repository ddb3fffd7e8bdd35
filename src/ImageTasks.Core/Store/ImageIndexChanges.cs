namespace ImageTasks.Core.Store;

/// <summary>Docker's naming rules applied to the store's entries: what a pull does to tags, and what stays dangling.</summary>
internal static class ImageIndexChanges
{
    /// <summary>
    /// Records a pulled image. A tag that pointed elsewhere moves; the image it left keeps its repository digest as an
    /// untagged entry (dangling) unless another tag still names it.
    /// </summary>
    public static TagMove? RecordPull(List<ImageRecord> images, ImageRecord pulled)
    {
        TagMove? move = null;
        if (pulled.Reference is { } tag)
        {
            var previous = images.FirstOrDefault(i => i.Reference == tag);
            if (previous is not null)
            {
                images.Remove(previous);
                if (previous.Manifest != pulled.Manifest)
                {
                    var stillNamed = images.Any(i => i.Manifest == previous.Manifest);
                    if (!stillNamed)
                    {
                        images.Add(previous with { Reference = null });
                    }

                    move = new TagMove(tag, previous.RepoDigest ?? previous.Manifest, pulled.RepoDigest ?? pulled.Manifest, !stillNamed);
                }
            }

            // The image is named again: an untagged entry for the same image and repository has nothing left to say.
            images.RemoveAll(i => i.Reference is null && i.Manifest == pulled.Manifest && i.Repository == pulled.Repository);
            images.Add(pulled);
            return move;
        }

        var known = images.Any(i => i.Manifest == pulled.Manifest && i.Repository == pulled.Repository && i.RepoDigest == pulled.RepoDigest);
        if (!known)
        {
            images.Add(pulled);
        }

        return null;
    }
}
