using ImageTasks.Core.Registry;

namespace ImageTasks.Core.Tests.Registry;

/// <summary>The token scope each request needs, as distribution names it.</summary>
public sealed class RegistryRequestTests
{
    [Theory]
    [InlineData("GET", "/v2/", null)]
    [InlineData("GET", "/v2/library/alpine/manifests/3.19", "repository:library/alpine:pull")]
    [InlineData("HEAD", "/v2/a/b/blobs/sha256:00", "repository:a/b:pull")]
    [InlineData("PUT", "/v2/a/b/manifests/1", "repository:a/b:pull,push")]
    [InlineData("POST", "/v2/a/b/blobs/uploads/", "repository:a/b:pull,push")]
    [InlineData("PATCH", "/v2/a/b/blobs/uploads/0c4e?_state=x%3D", "repository:a/b:pull,push")]
    [InlineData("POST", "/v2/a/b/blobs/uploads/?mount=sha256%3A00&from=library%2Falpine", "repository:a/b:pull,push repository:library/alpine:pull")]
    [InlineData("POST", "/v2/a/b/blobs/uploads/?mount=sha256%3A00&from=a%2Fb", "repository:a/b:pull,push")]
    [InlineData("GET", "/v2/_catalog", "registry:catalog:*")]
    public void Scopes_follow_the_method_and_path_and_a_mount_also_reads_its_source(string method, string path, string? scope)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(new Uri("http://127.0.0.1:5000"), path));
        Assert.Equal(scope, RegistryRequest.ScopeFor(request));
    }
}
