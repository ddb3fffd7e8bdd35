using ImageTasks.Core.References;
using ImageTasks.Core.Serving;

namespace ImageTasks.Core.Tests.Serving;

public sealed class ServedNameTests
{
    [Theory]
    [InlineData("alpine", "library/alpine")]
    [InlineData("docker.io/library/alpine", "library/alpine")]
    [InlineData("someone/app", "someone/app")]
    [InlineData("mcr.microsoft.com/dotnet/runtime", "mcr.microsoft.com/dotnet/runtime")]
    [InlineData("127.0.0.1:5000/team/app", "127.0.0.1_5000/team/app")]
    [InlineData("localhost:5000/app", "localhost_5000/app")]
    [InlineData("localhost/app", "localhost/app")]
    public void Docker_Hub_keeps_its_paths_and_other_registries_are_prefixed_by_their_host(string repository, string served)
    {
        Assert.Equal(served, ServedName.For(Repository.Parse(repository)));
    }

    [Theory]
    [InlineData("[::1]:5000/app")]
    [InlineData("Registry.Example.com/app")]
    public void A_host_that_cannot_be_a_path_component_is_not_served(string repository)
    {
        Assert.Null(ServedName.For(Repository.Parse(repository)));
    }
}
