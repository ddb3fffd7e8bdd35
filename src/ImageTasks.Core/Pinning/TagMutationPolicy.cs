namespace ImageTasks.Core.Pinning;

/// <summary>What a build does when a pinned tag now points elsewhere (ImageTagMutation). The pinned image is used in every case.</summary>
public enum TagMutationPolicy
{
    Error,
    Warning,
    None,
}
