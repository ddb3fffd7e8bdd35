using ImageTasks.Core.Registry;
using ImageTasks.Testing;

namespace ImageTasks.Core.Tests.Operations;

/// <summary>
/// Bearer-token auth as Docker Hub does it, against the real registry started with <c>auth.token</c> and a token server
/// of the fixture's own: anonymous and credentialed tokens, the token cache, expiry, refused logins, credential helpers.
/// </summary>
public sealed class TokenAuthTests
{
    private const string User = "ci";
    private const string Password = "t0ken-s3cret-pass";

    [Theory]
    [InlineData(TokenResponseFields.Both)]
    [InlineData(TokenResponseFields.TokenOnly)]
    [InlineData(TokenResponseFields.AccessTokenOnly)]
    public async Task Anonymous_pull_works_when_the_token_server_grants_anonymous_pull(TokenResponseFields fields)
    {
        using var factory = new ImageFactory();
        await using var setup = await TokenRegistry.StartAsync(new TokenServerOptions { AnonymousPull = true, ResponseFields = fields });
        var image = await setup.PushAsync(factory, "library/hello", "1");

        using var store = new TempStore();
        var result = await store.PullAsync($"{setup.Registry.Host}/library/hello:1");

        Assert.Equal(image.Digest, result.Manifest.ToString());
        store.AssertEveryBlobMatchesItsDigest();
        var request = Assert.Single(setup.Tokens.Requests);
        Assert.Equal(200, request.StatusCode);
        Assert.False(request.HasBasicCredentials);
        Assert.Null(request.Account);
        Assert.Equal(setup.Tokens.Service, request.Service);
        Assert.Equal(["repository:library/hello:pull"], request.Scopes);
    }

    [Fact]
    public async Task A_private_image_pulls_with_config_json_credentials_sent_to_the_token_server()
    {
        using var factory = new ImageFactory();
        await using var setup = await TokenRegistry.StartAsync(new TokenServerOptions { Username = User, Password = Password });
        var image = await setup.PushAsync(factory, "private/app", "1");
        using var config = DockerConfig.WithAuth(setup.Registry.Host, User, Password);

        using var store = new TempStore(config.Directory);
        var result = await store.PullAsync($"{setup.Registry.Host}/private/app:1");

        Assert.Equal(image.Digest, result.Manifest.ToString());
        var request = Assert.Single(setup.Tokens.Requests);
        Assert.True(request.HasBasicCredentials);
        Assert.Equal(User, request.BasicUsername);
        Assert.Equal(User, request.Account);
        Assert.Equal(["repository:private/app:pull"], request.Scopes);
        Assert.Equal("repository:private/app:pull", Assert.Single(request.Granted).ToString());
    }

    [Fact]
    public async Task Without_credentials_a_private_image_is_denied_as_docker_words_it()
    {
        using var factory = new ImageFactory();
        await using var setup = await TokenRegistry.StartAsync(new TokenServerOptions { Username = User, Password = Password });
        await setup.PushAsync(factory, "private/app", "1");

        using var store = new TempStore();
        var denied = await Assert.ThrowsAsync<RegistryException>(() => store.PullAsync($"{setup.Registry.Host}/private/app:1"));

        // Docker Hub's answer for a private image: a token that grants nothing, then insufficient_scope from the registry.
        Assert.StartsWith($"pull access denied for {setup.Registry.Host}/private/app:1, repository does not exist or may require 'docker login'", denied.Message, StringComparison.Ordinal);
        Assert.NotEmpty(setup.Tokens.Requests);
        Assert.All(setup.Tokens.Requests, r => Assert.False(r.HasBasicCredentials));
        Assert.All(setup.Tokens.Requests, r => Assert.Empty(r.Granted));
    }

    [Fact]
    public async Task Tokens_are_cached_so_a_pull_asks_once_per_repository_scope_not_once_per_blob()
    {
        using var factory = new ImageFactory();
        await using var setup = await TokenRegistry.StartAsync(new TokenServerOptions { Username = User, Password = Password });
        var first = await setup.PushAsync(factory, "team/first", "1", layers: 4);
        var second = await setup.PushAsync(factory, "team/second", "1", layers: 3);
        using var config = DockerConfig.WithAuth(setup.Registry.Host, User, Password);

        using var store = new TempStore(config.Directory);
        await store.PullAsync($"{setup.Registry.Host}/team/first:1");
        await store.PullAsync($"{setup.Registry.Host}/team/second:1");

        // Config and every layer came from the registry, each accepted with a token (the seeder sends no user agent)...
        await setup.Registry.FlushAccessLogAsync();
        var pulls = setup.Registry.AccessLog().Where(e => e.UserAgent.StartsWith("imagetasks/", StringComparison.Ordinal)).ToList();
        Assert.Equal(1 + 4, pulls.Count(e => e.Method == "GET" && e.Uri.StartsWith("/v2/team/first/blobs/", StringComparison.Ordinal) && e.Status == 200));
        Assert.Equal(1 + 3, pulls.Count(e => e.Method == "GET" && e.Uri.StartsWith("/v2/team/second/blobs/", StringComparison.Ordinal) && e.Status == 200));

        // ...yet the token server saw one request per repository, and only the very first registry request met a 401:
        // once the challenge is known, requests carry a token up front.
        Assert.Equal(["repository:team/first:pull", "repository:team/second:pull"], setup.Tokens.Requests.Select(r => string.Join(' ', r.Scopes)));
        Assert.Equal("/v2/team/first/manifests/1", Assert.Single(pulls, e => e.Status == 401).Uri);
        Assert.Equal(first.Digest, store.Store.ListImages().Single(i => i.Repository.Path == "team/first").Manifest.ToString());
        Assert.Equal(second.Digest, store.Store.ListImages().Single(i => i.Repository.Path == "team/second").Manifest.ToString());
    }

    [Fact]
    public async Task Wrong_credentials_fail_in_one_line_naming_the_token_server_without_the_password()
    {
        using var factory = new ImageFactory();

        // Anonymous pull is open: a refused login must still fail, not quietly fall back to anonymous access.
        await using var setup = await TokenRegistry.StartAsync(new TokenServerOptions { Username = User, Password = Password, AnonymousPull = true });
        await setup.PushAsync(factory, "private/app", "1");
        const string WrongPassword = "wr0ng-Passw0rd-9137";
        using var config = DockerConfig.WithAuth(setup.Registry.Host, User, WrongPassword);

        using var store = new TempStore(config.Directory);
        var error = await Assert.ThrowsAsync<RegistryException>(() => store.PullAsync($"{setup.Registry.Host}/private/app:1"));

        Assert.DoesNotContain('\n', error.Message);
        Assert.Contains(setup.Tokens.Realm.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Contains(User, error.Message, StringComparison.Ordinal);
        Assert.Contains("401", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(WrongPassword, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, error.Message, StringComparison.Ordinal);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, error.StatusCode);
        var refused = Assert.Single(setup.Tokens.Requests);
        Assert.Equal(401, refused.StatusCode);
        Assert.Empty(store.Store.ListImages());
    }

    [Fact]
    public async Task A_token_server_that_cannot_be_reached_is_named_in_the_error_not_the_registry()
    {
        using var factory = new ImageFactory();
        await using var setup = await TokenRegistry.StartAsync(new TokenServerOptions { AnonymousPull = true });
        await setup.PushAsync(factory, "library/hello", "1");
        var realm = setup.Tokens.Realm.ToString();
        await setup.Tokens.DisposeAsync();

        using var store = new TempStore();
        var error = await Assert.ThrowsAsync<RegistryException>(() => store.PullAsync($"{setup.Registry.Host}/library/hello:1"));

        // The registry answered (401 with a challenge); the request that failed went to the token server.
        Assert.DoesNotContain('\n', error.Message);
        Assert.Contains($"token server for {setup.Registry.Host}", error.Message, StringComparison.Ordinal);
        Assert.Contains($"Get \"{realm}?", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("/v2/", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_expired_token_is_renewed_on_the_next_pull()
    {
        using var factory = new ImageFactory();
        await using var setup = await TokenRegistry.StartAsync(new TokenServerOptions { AnonymousPull = true, TokenLifetime = TimeSpan.FromSeconds(1) });
        var image = await setup.PushAsync(factory, "library/short", "1");

        // The registry accepts tokens up to 60 s past exp, so only what it was sent shows whether an expired token was
        // reused: a proxy in front of it records the Authorization headers.
        await using var proxy = FaultProxy.Start(setup.Registry.BaseUri);
        using var store = new TempStore();
        await store.PullAsync($"{proxy.Host}/library/short:1");
        var firstTokens = setup.Tokens.Requests.Select(r => r.Token).ToHashSet();

        await Task.Delay(TimeSpan.FromSeconds(2));
        var renewedAfter = DateTimeOffset.UtcNow;
        proxy.ClearRequests();
        var result = await store.PullAsync($"{proxy.Host}/library/short:1");

        Assert.Equal(image.Digest, result.Manifest.ToString());
        var renewed = setup.Tokens.Requests.Where(r => r.ReceivedAt >= renewedAfter).ToList();
        Assert.NotEmpty(renewed);
        Assert.All(renewed, r => Assert.Equal(["repository:library/short:pull"], r.Scopes));
        var sent = proxy.Requests.Where(r => r.Authorization is not null).Select(r => r.Authorization!).ToList();
        Assert.NotEmpty(sent);
        Assert.All(sent, authorization =>
        {
            Assert.StartsWith("Bearer ", authorization, StringComparison.Ordinal);
            var token = authorization["Bearer ".Length..];
            Assert.DoesNotContain(token, firstTokens);
            Assert.Contains(renewed, r => r.Token == token);
        });
    }

    [Fact]
    public async Task A_credential_helper_named_in_credHelpers_supplies_the_login()
    {
        using var factory = new ImageFactory();
        await using var setup = await TokenRegistry.StartAsync(new TokenServerOptions { Username = "u", Password = "p" });
        var image = await setup.PushAsync(factory, "private/helped", "1");
        using var helper = new FakeCredentialHelper("imagetaskstest", "u", "p");
        using var config = DockerConfig.WithCredentialHelper(setup.Registry.Host, helper.Name);

        using var store = new TempStore(config.Directory);
        var result = await store.PullAsync($"{setup.Registry.Host}/private/helped:1");

        Assert.Equal(image.Digest, result.Manifest.ToString());
        Assert.Equal([setup.Registry.Host], helper.Requests);
        var request = Assert.Single(setup.Tokens.Requests);
        Assert.Equal(200, request.StatusCode);
        Assert.Equal("u", request.BasicUsername);
        Assert.Equal("u", request.Account);
        Assert.Equal(["repository:private/helped:pull"], request.Scopes);
    }
}
