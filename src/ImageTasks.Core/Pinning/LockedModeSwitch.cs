namespace ImageTasks.Core.Pinning;

/// <summary>
/// What turned locked mode on, so that a locked-mode failure (IMG1002-IMG1004) names the switch the user set: the
/// build's ImageLockedMode property, or the CLI's <c>lock --verify</c>.
/// </summary>
public enum LockedModeSwitch
{
    ImageLockedModeProperty,
    VerifyFlag,
}
