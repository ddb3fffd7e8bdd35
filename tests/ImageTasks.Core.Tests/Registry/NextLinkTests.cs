using ImageTasks.Core.Registry;

namespace ImageTasks.Core.Tests.Registry;

/// <summary>Pagination links, as distribution and other registries write them.</summary>
public sealed class NextLinkTests
{
    [Theory]
    [InlineData("</v2/_catalog?last=multi%2Fdocker&n=2>; rel=\"next\"", "v2/_catalog?last=multi%2Fdocker&n=2")]
    [InlineData("<https://registry.example.com/v2/x/tags/list?last=b&n=2>; rel=\"next\"", "v2/x/tags/list?last=b&n=2")]
    [InlineData("</v2/_catalog?last=a&n=2>; rel=\"prev\"", null)]
    public void The_next_page_is_taken_relative_to_the_registry(string header, string? expected)
    {
        using var response = new HttpResponseMessage();
        response.Headers.TryAddWithoutValidation("Link", header);

        Assert.Equal(expected, RegistryClient.NextLink(response));
    }

    [Fact]
    public void No_link_header_means_the_last_page()
    {
        using var response = new HttpResponseMessage();

        Assert.Null(RegistryClient.NextLink(response));
    }
}
