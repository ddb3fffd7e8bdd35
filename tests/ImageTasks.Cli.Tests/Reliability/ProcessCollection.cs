namespace ImageTasks.Cli.Tests.Reliability;

/// <summary>Tests that start many real processes: run one after another so they do not starve each other (2 cores).</summary>
[CollectionDefinition(Name)]
public sealed class ProcessCollection
{
    public const string Name = "Real processes";
}
