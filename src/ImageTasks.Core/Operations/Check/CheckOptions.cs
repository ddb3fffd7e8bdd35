namespace ImageTasks.Core.Operations.Check;

/// <summary>What <c>check</c> does besides looking: with <see cref="Repair"/>, it removes what it found wrong.</summary>
public sealed record CheckOptions
{
    public bool Repair { get; init; }
}
