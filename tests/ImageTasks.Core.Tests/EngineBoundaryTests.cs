namespace ImageTasks.Core.Tests;

public sealed class EngineBoundaryTests
{
    [Fact]
    public void The_engine_references_neither_MSBuild_nor_the_console()
    {
        var references = typeof(ImageTasksException).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        Assert.DoesNotContain(references, name => name.StartsWith("Microsoft.Build", StringComparison.Ordinal));
        Assert.DoesNotContain("System.Console", references);
        Assert.DoesNotContain(references, name => name.StartsWith("System.CommandLine", StringComparison.Ordinal));
        // The served registry's logic (Serving/) is plain requests and responses: Kestrel stays in ImageTasks.Serving.
        Assert.DoesNotContain(references, name => name.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
    }
}
