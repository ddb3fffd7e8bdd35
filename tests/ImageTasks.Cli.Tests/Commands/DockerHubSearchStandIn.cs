using ImageTasks.Testing;

namespace ImageTasks.Cli.Tests.Commands;

/// <summary>
/// Canned Docker Hub search answers, served on loopback and reached through IMAGETASKS_SEARCH_ENDPOINT. Docker Hub's
/// search service is not a registry and cannot be reached from here, so this is the one stand-in the tests use.
/// </summary>
internal static class DockerHubSearchStandIn
{
    /// <summary>What index.docker.io/v1/search answers (fields beyond the five docker reads are ignored).</summary>
    public const string Alpine = """
        {"num_pages":1,"num_results":4,"page_size":25,"query":"alp","results":[
          {"name":"alpine","description":"A minimal Docker image based on Alpine Linux with a complete package index and only 5 MB in size!","star_count":11135,"is_official":true,"is_automated":false,"is_trusted":false},
          {"name":"alpine/git","description":"A  simple git container running in alpine linux, especially for tiny linux distro.","star_count":249,"is_official":false,"is_automated":true,"is_trusted":true},
          {"name":"mritd/alpine","description":"Alpine\nwith\rextras","star_count":40,"is_official":false,"is_automated":true,"is_trusted":true},
          {"name":"alpinelinux/docker-cli","description":"Simple and lightweight Alpine Linux image with only Docker CLI installed","star_count":12,"is_official":false,"is_automated":false,"is_trusted":false}
        ]}
        """;

    public static CliRunner Runner(CannedHttpServer server) =>
        new(new Dictionary<string, string> { ["IMAGETASKS_SEARCH_ENDPOINT"] = $"{server.BaseUri}v1/search" });
}
