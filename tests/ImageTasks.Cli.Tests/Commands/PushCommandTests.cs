using System.Text.Json;
using ImageTasks.Core.Store;
using ImageTasks.Testing;

namespace ImageTasks.Cli.Tests.Commands;

/// <summary>
/// What <c>dotnet image push</c> prints, line for line, when its output is redirected (as docker push does), against the
/// real registry. Images are pulled, given a new name in the store (docker tag), then pushed.
/// </summary>
public sealed class PushCommandTests : IClassFixture<StandardRegistryFixture>
{
    private readonly StandardRegistryFixture _fixture;

    public PushCommandTests(StandardRegistryFixture fixture) => _fixture = fixture;

    private StandardSeed Seed => _fixture.Seed;

    /// <summary>docker push names layers by the first 12 hex digits of their diff_id.</summary>
    private static string Short(string digest) => digest["sha256:".Length..][..12];

    [Fact]
    public async Task Push_prints_dockers_lines_skopeo_sees_the_same_digest_and_a_second_push_finds_every_layer()
    {
        await using var target = await RegistryProcess.StartAsync();
        using var cli = new CliRunner();
        var name = $"{target.Host}/copy/small";
        await PullAndTagAsync(cli, Seed.Reference(StandardSeed.SmallRepository, "1.0"), $"{name}:1.0");
        var layer = Short(Assert.Single(Seed.Small.Image.Layers).DiffId);

        var first = await cli.RunAsync("push", $"{name}:1.0");

        Assert.Equal((0, ""), (first.ExitCode, first.Error));
        Assert.Equal(
            $"""
            The push refers to repository [{name}]
            {layer}: Preparing
            {layer}: Pushed
            1.0: digest: {Seed.Small.Digest} size: {Seed.Small.Image.Size}

            """.ReplaceLineEndings(), first.Output);

        var inspect = await new Skopeo().RunAsync("inspect", "--tls-verify=false", $"docker://{name}:1.0");
        Assert.True(inspect.Succeeded, inspect.StandardError);
        using (var json = JsonDocument.Parse(inspect.StandardOutput))
        {
            Assert.Equal(Seed.Small.Digest, json.RootElement.GetProperty("Digest").GetString());
        }

        var second = await cli.RunAsync("push", $"{name}:1.0");

        Assert.Equal(
            $"""
            The push refers to repository [{name}]
            {layer}: Preparing
            {layer}: Layer already exists
            1.0: digest: {Seed.Small.Digest} size: {Seed.Small.Image.Size}

            """.ReplaceLineEndings(), second.Output);
    }

    [Fact]
    public async Task Without_a_tag_latest_is_pushed_and_quiet_prints_only_the_reference()
    {
        await using var target = await RegistryProcess.StartAsync();
        using var cli = new CliRunner();
        var name = $"{target.Host}/copy/small";
        await PullAndTagAsync(cli, Seed.Reference(StandardSeed.SmallRepository, "1.0"), $"{name}:latest");
        var layer = Short(Assert.Single(Seed.Small.Image.Layers).DiffId);

        var verbose = await cli.RunAsync("push", name);
        var quiet = await cli.RunAsync("push", "-q", name);

        Assert.Equal(
            $"""
            Using default tag: latest
            The push refers to repository [{name}]
            {layer}: Preparing
            {layer}: Pushed
            latest: digest: {Seed.Small.Digest} size: {Seed.Small.Image.Size}

            """.ReplaceLineEndings(), verbose.Output);
        Assert.Equal((0, $"{name}:latest\n".ReplaceLineEndings(), ""), quiet);
    }

    [Fact]
    public async Task Layers_another_repository_of_the_registry_holds_are_mounted_from_it()
    {
        using var cli = new CliRunner();
        var repository = $"mounted/{Guid.NewGuid():N}";
        var name = $"{Seed.Host}/{repository}";
        await PullAndTagAsync(cli, Seed.Reference(StandardSeed.SharedTwoRepository, "1"), $"{name}:1");
        var layers = Seed.SharedTwo.Image.Layers.Reverse().Select(l => Short(l.DiffId)).ToList();

        var (exit, output, error) = await cli.RunAsync("push", $"{name}:1");

        Assert.Equal((0, ""), (exit, error));
        var lines = output.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(
            [$"The push refers to repository [{name}]", .. layers.Select(l => $"{l}: Preparing")],
            lines.Take(layers.Count + 1));
        // Layers go up in parallel, so their outcome lines come in any order.
        Assert.Equal(
            layers.Select(l => $"{l}: Mounted from {StandardSeed.SharedTwoRepository}").Order(),
            lines.Skip(layers.Count + 1).SkipLast(1).Order());
        Assert.Equal($"1: digest: {Seed.SharedTwo.Digest} size: {Seed.SharedTwo.Image.Size}", lines[^1]);
        Assert.True(await _fixture.Registry.CountRequestsAsync("POST", $"/v2/{repository}/blobs/uploads/?mount=") >= layers.Count);
    }

    [Fact]
    public async Task A_registry_that_refuses_the_monolithic_PUT_gets_chunks_and_the_output_is_unchanged()
    {
        await using var proxy = FaultProxy.Start(_fixture.Registry.BaseUri);
        proxy.RespondWithStatus(FaultProxy.When("PUT", "/blobs/uploads/"), 405, times: 1);
        using var cli = new CliRunner();
        var name = $"{proxy.Host}/chunked/{Guid.NewGuid():N}";
        await PullAndTagAsync(cli, Seed.Reference(StandardSeed.SmallRepository, "1.0"), $"{name}:1.0");
        var layer = Short(Assert.Single(Seed.Small.Image.Layers).DiffId);

        var result = await cli.RunAsync("push", $"{name}:1.0");

        Assert.Equal(
            (0, $"""
            The push refers to repository [{name}]
            {layer}: Preparing
            {layer}: Pushed
            1.0: digest: {Seed.Small.Digest} size: {Seed.Small.Image.Size}

            """.ReplaceLineEndings(), ""),
            result);
        Assert.NotEmpty(proxy.RequestsMatching("PATCH", "/blobs/uploads/"));
        Assert.Equal(Seed.Small.Digest, Digests.Sha256(System.Text.Encoding.UTF8.GetBytes(await new Skopeo().InspectRawAsync($"{name}:1.0"))));
    }

    [Fact]
    public async Task A_blob_upload_that_meets_a_500_is_done_again_in_a_fresh_session_and_the_output_is_unchanged()
    {
        await using var proxy = FaultProxy.Start(_fixture.Registry.BaseUri);
        proxy.RespondWithStatus(FaultProxy.When("PUT", "/blobs/uploads/"), 500, times: 1);
        using var cli = new CliRunner();
        var name = $"{proxy.Host}/retried/{Guid.NewGuid():N}";
        await PullAndTagAsync(cli, Seed.Reference(StandardSeed.SmallRepository, "1.0"), $"{name}:1.0");
        var layer = Short(Assert.Single(Seed.Small.Image.Layers).DiffId);

        var result = await cli.RunAsync("push", $"{name}:1.0");

        Assert.Equal(
            (0, $"""
            The push refers to repository [{name}]
            {layer}: Preparing
            {layer}: Pushed
            1.0: digest: {Seed.Small.Digest} size: {Seed.Small.Image.Size}

            """.ReplaceLineEndings(), ""),
            result);
        // Config and layer: two uploads, one of them twice, each time in a session of its own.
        Assert.Equal(3, proxy.Count("PUT", "/blobs/uploads/"));
        Assert.Equal(3, proxy.Count("POST", "/blobs/uploads/"));
        Assert.Equal(Seed.Small.Digest, Digests.Sha256(System.Text.Encoding.UTF8.GetBytes(await new Skopeo().InspectRawAsync($"{name}:1.0"))));
    }

    [Fact]
    public async Task A_blob_upload_that_keeps_meeting_500_gives_up_after_three_attempts_in_one_line()
    {
        await using var proxy = FaultProxy.Start(_fixture.Registry.BaseUri);
        proxy.RespondWithStatus(FaultProxy.When("PUT", "/blobs/uploads/"), 500, times: null);
        using var cli = new CliRunner();
        var name = $"{proxy.Host}/failing/{Guid.NewGuid():N}";
        await PullAndTagAsync(cli, Seed.Reference(StandardSeed.SmallRepository, "1.0"), $"{name}:1.0");

        var (exit, _, error) = await cli.RunAsync("push", $"{name}:1.0");

        Assert.Equal(1, exit);
        var line = Assert.Single(error.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("500", line, StringComparison.Ordinal);
        // Two blobs (config, layer), three whole attempts each at most; the first to give up ends the push.
        Assert.InRange(proxy.Count("PUT", "/blobs/uploads/"), 3, 6);
    }

    [Fact]
    public async Task An_image_the_store_lacks_is_named_after_the_repository_line_as_docker_does()
    {
        using var cli = new CliRunner();
        var result = await cli.RunAsync("push", $"{Seed.Host}/nothing/here:1");

        Assert.Equal(
            (1, $"The push refers to repository [{Seed.Host}/nothing/here]\n".ReplaceLineEndings(), $"Error: An image does not exist locally with the tag: {Seed.Host}/nothing/here\n".ReplaceLineEndings()),
            result);
    }

    [Theory]
    [InlineData(new[] { "push", "-a", "alpine:3.19" }, "Error: tag can't be used with --all-tags/-a")]
    [InlineData(new[] { "push", "alpine@sha256:0123456789012345678901234567890123456789012345678901234567890123" }, "Error: cannot push a digest reference")]
    [InlineData(new[] { "push" }, "Error: Required argument missing for command: 'push'.")]
    [InlineData(new[] { "push", "--bogus", "alpine" }, "Error: unknown flag: --bogus. See 'dotnet image push --help'.")]
    public async Task Bad_flags_and_values_get_one_line_and_exit_code_1(string[] args, string expectedStart)
    {
        using var cli = new CliRunner();
        var (exit, output, error) = await cli.RunAsync(args);

        Assert.Equal((1, ""), (exit, output));
        Assert.StartsWith(expectedStart, error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd().Split('\n'));
    }

    private static async Task PullAndTagAsync(CliRunner cli, string source, string target)
    {
        Assert.Equal(0, (await cli.RunAsync("pull", "-q", source)).ExitCode);
        Assert.Equal((0, "", ""), await cli.RunAsync("tag", source, target));
    }
}
