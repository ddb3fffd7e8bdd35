namespace ImageTasks.Core.Registry;

/// <summary>Who answers "what does this tag point to now" for a registry that has mirrors (IMAGETASKS_MIRROR_TAG_CHECK).</summary>
public enum MirrorTagCheck
{
    /// <summary>
    /// The origin (the default): a mirror may lag behind a moved tag, and the lock's tag check must see the move. One HEAD
    /// at the origin (Docker Hub does not count a HEAD as a pull); the content then comes from the mirrors, by digest.
    /// </summary>
    Origin,

    /// <summary>The mirrors in order, then the origin: for fleets that reach only the mirror. Content is still verified by digest.</summary>
    Mirror,
}
