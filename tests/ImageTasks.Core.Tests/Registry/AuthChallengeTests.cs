using ImageTasks.Core.Registry;

namespace ImageTasks.Core.Tests.Registry;

public sealed class AuthChallengeTests
{
    [Fact]
    public void Docker_hub_bearer_challenge()
    {
        var challenge = AuthChallenge.Parse("""Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/alpine:pull" """)!;

        Assert.True(challenge.IsBearer);
        Assert.Equal("https://auth.docker.io/token", challenge.Realm);
        Assert.Equal("registry.docker.io", challenge.Service);
        Assert.Equal("repository:library/alpine:pull", challenge.Scope);
    }

    [Fact]
    public void Basic_challenge_with_escaped_quote()
    {
        var challenge = AuthChallenge.Parse("""Basic realm="my \"registry\"" """)!;

        Assert.True(challenge.IsBasic);
        Assert.Equal("my \"registry\"", challenge.Realm);
    }

    [Fact]
    public void Scope_with_several_actions_and_an_error()
    {
        var challenge = AuthChallenge.Parse("""Bearer realm="http://127.0.0.1:1/t",service="s",scope="repository:a/b:pull,push",error="insufficient_scope" """)!;

        Assert.Equal("repository:a/b:pull,push", challenge.Scope);
        Assert.Equal("insufficient_scope", challenge.Parameters["error"]);
    }

    [Theory]
    [InlineData("https://host/v2/library/alpine/manifests/3.19", "GET", "repository:library/alpine:pull")]
    [InlineData("https://host/v2/a/b/c/blobs/sha256:00", "HEAD", "repository:a/b/c:pull")]
    [InlineData("https://host/v2/a/blobs/uploads/", "POST", "repository:a:pull,push")]
    [InlineData("https://host/v2/a/tags/list", "GET", "repository:a:pull")]
    [InlineData("https://host/v2/_catalog?n=10", "GET", "registry:catalog:*")]
    [InlineData("https://host/v2/", "GET", null)]
    public void Scope_is_derived_from_the_request(string url, string method, string? scope)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        Assert.Equal(scope, RegistryRequest.ScopeFor(request));
    }
}
