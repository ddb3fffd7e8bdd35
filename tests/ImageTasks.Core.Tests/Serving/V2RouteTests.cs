using ImageTasks.Core.Serving;

namespace ImageTasks.Core.Tests.Serving;

public sealed class V2RouteTests
{
    [Theory]
    [InlineData("/v2/", V2Endpoint.Base, "", "")]
    [InlineData("/v2", V2Endpoint.Base, "", "")]
    [InlineData("/v2/_catalog", V2Endpoint.Catalog, "", "")]
    [InlineData("/v2/library/alpine/tags/list", V2Endpoint.Tags, "library/alpine", "")]
    [InlineData("/v2/library/alpine/manifests/3.19", V2Endpoint.Manifest, "library/alpine", "3.19")]
    [InlineData("/v2/a/manifests/b/manifests/1", V2Endpoint.Manifest, "a/manifests/b", "1")]
    [InlineData("/v2/127.0.0.1_5000/team/app/blobs/sha256:abc", V2Endpoint.Blob, "127.0.0.1_5000/team/app", "sha256:abc")]
    [InlineData("/v2/library/alpine/blobs/uploads/", V2Endpoint.Upload, "library/alpine", "")]
    [InlineData("/v2/library/alpine/blobs/uploads/0a1b", V2Endpoint.Upload, "library/alpine", "")]
    [InlineData("/v2/library/alpine/blobs/uploads", V2Endpoint.Upload, "library/alpine", "")]
    [InlineData("/v1/search", V2Endpoint.None, "", "")]
    [InlineData("/", V2Endpoint.None, "", "")]
    [InlineData("/v2/library/alpine", V2Endpoint.None, "", "")]
    [InlineData("/v2/library/alpine/manifests/", V2Endpoint.None, "", "")]
    [InlineData("/v2/library/alpine/blobs/sha256:abc/extra", V2Endpoint.None, "", "")]
    [InlineData("/v2/manifests/1", V2Endpoint.None, "", "")]
    public void Paths_name_the_api_endpoint_and_its_parts(string path, V2Endpoint endpoint, string name, string reference)
    {
        Assert.Equal(new V2Route(endpoint, name, reference), V2Route.Parse(path));
    }
}
