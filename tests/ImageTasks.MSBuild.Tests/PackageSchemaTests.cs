using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using ImageTasks.Core.Diagnostics;

namespace ImageTasks.MSBuild.Tests;

/// <summary>
/// build/ImageTasks.xsd documents everything a user can set (so a property added to the targets cannot be forgotten),
/// is a schema MSBuild's own schemas can take beside them, and the targets say IMG1040 in the catalogue's words.
/// </summary>
public sealed partial class PackageSchemaTests
{
    private const string MSBuildNamespace = "http://schemas.microsoft.com/developer/msbuild/2003";
    private static readonly XNamespace Xs = "http://www.w3.org/2001/XMLSchema";

    private static string Root => PackageFeedFixture.RepositoryRoot;

    private static string SchemaPath => Path.Combine(Root, "src", "ImageTasks.MSBuild", "build", "ImageTasks.xsd");

    /// <summary>Every file of the package that MSBuild evaluates.</summary>
    private static IEnumerable<string> PackageMSBuildFiles =>
    [
        Path.Combine(Root, "ImageTasks.targets"),
        .. Directory.GetFiles(Path.Combine(Root, "src", "ImageTasks.MSBuild", "build"), "*.props"),
        .. Directory.GetFiles(Path.Combine(Root, "src", "ImageTasks.MSBuild", "buildMultiTargeting")),
    ];

    private static Dictionary<string, XElement> Documented(string substitutionGroup) =>
        XDocument.Load(SchemaPath).Root!.Elements(Xs + "element")
            .Where(e => (string?)e.Attribute("substitutionGroup") == substitutionGroup)
            .ToDictionary(e => (string)e.Attribute("name")!);

    [Fact]
    public void Every_Image_property_the_targets_read_is_documented_in_the_schema()
    {
        var read = PackageMSBuildFiles.SelectMany(file => ImageProperty().Matches(File.ReadAllText(file)).Select(m => m.Groups[1].Value)).ToHashSet();
        var documented = Documented("msb:Property");

        Assert.Contains("ImageLockFile", read); // the pattern finds what it should
        Assert.Empty(read.Where(p => !documented.ContainsKey(p)).Order(StringComparer.Ordinal));
        Assert.Empty(documented.Keys.Where(p => !read.Contains(p)).Order(StringComparer.Ordinal)); // nor documents one they do not read
        Assert.All(documented.Values, element => Assert.False(string.IsNullOrWhiteSpace(element.Descendants(Xs + "documentation").FirstOrDefault()?.Value), $"{element.Attribute("name")} has no documentation"));
    }

    [Fact]
    public void The_BaseImage_item_and_its_Platforms_metadata_are_documented()
    {
        var items = PackageMSBuildFiles.SelectMany(file => ItemType().Matches(File.ReadAllText(file)).Select(m => m.Groups[1].Value)).Where(i => !i.StartsWith('_')).ToHashSet();
        var documented = Documented("msb:Item");

        // ResolvedBaseImage and ImageTasksBaseImage are outputs (of ResolveBaseImages and CollectBaseImages), not for users.
        Assert.Equal(["BaseImage"], items.Where(i => i is not ("ResolvedBaseImage" or "ImageTasksBaseImage")).Order(StringComparer.Ordinal));
        var baseImage = documented["BaseImage"];
        Assert.Contains(baseImage.Descendants(Xs + "attribute"), a => (string?)a.Attribute("name") == "Platforms");
        Assert.Contains(baseImage.Descendants(Xs + "element"), e => (string?)e.Attribute("name") == "Platforms");
    }

    [Fact]
    public void The_schema_compiles_beside_MSBuilds_types_and_a_project_using_them_validates()
    {
        var errors = new List<string>();
        var schemas = new XmlSchemaSet();
        schemas.ValidationEventHandler += (_, e) => errors.Add(e.Message);
        using (var core = XmlReader.Create(new StringReader(MSBuildCoreTypes)))
        using (var ours = XmlReader.Create(SchemaPath))
        {
            schemas.Add(null, core);
            schemas.Add(null, ours);
        }

        schemas.Compile();
        Assert.Empty(errors);

        var project = XDocument.Parse($"""
            <Project xmlns="{MSBuildNamespace}">
              <PropertyGroup>
                <ImageLockedMode Condition="'$(CI)' == 'true'">true</ImageLockedMode>
                <ImageTagMutation>Warning</ImageTagMutation>
                <ImagePlatforms>linux/amd64;linux/arm64</ImagePlatforms>
              </PropertyGroup>
              <ItemGroup>
                <BaseImage Include="alpine:3.19" Platforms="linux/amd64;linux/arm64" />
                <BaseImage Include="busybox:1"><Platforms>linux/arm64</Platforms></BaseImage>
              </ItemGroup>
            </Project>
            """);
        project.Validate(schemas, (_, e) => errors.Add(e.Message));
        Assert.Empty(errors);
    }

    [Fact]
    public void The_targets_say_IMG1040_in_the_catalogues_words()
    {
        var error = XDocument.Load(Path.Combine(Root, "ImageTasks.targets")).Descendants("Error").Single(e => (string?)e.Attribute("Code") == DiagnosticCodes.DotnetBuildRequired.Id);

        Assert.Equal(PackageErrors.DotnetBuildRequired, (string?)error.Attribute("Text"));
    }

    [GeneratedRegex(@"\$\((Image[A-Za-z]*)\)")]
    private static partial Regex ImageProperty();

    [GeneratedRegex(@"@\(([A-Za-z_]+)[)-]")]
    private static partial Regex ItemType();

    /// <summary>
    /// The few types of MSBuild's Microsoft.Build.Core.xsd that ImageTasks.xsd builds on, as that file declares them
    /// (the full file ships only with Visual Studio): the substitution-group heads, item and property types, Project.
    /// </summary>
    private const string MSBuildCoreTypes = $"""
        <xs:schema targetNamespace="{MSBuildNamespace}" xmlns:msb="{MSBuildNamespace}" xmlns:xs="http://www.w3.org/2001/XMLSchema" elementFormDefault="qualified">
          <xs:simpleType name="non_empty_string"><xs:restriction base="xs:string"><xs:minLength value="1" /></xs:restriction></xs:simpleType>
          <xs:complexType name="StringPropertyType">
            <xs:simpleContent><xs:extension base="msb:non_empty_string"><xs:attribute name="Condition" type="xs:string" use="optional" /></xs:extension></xs:simpleContent>
          </xs:complexType>
          <xs:complexType name="boolean">
            <xs:simpleContent><xs:extension base="msb:non_empty_string"><xs:attribute name="Condition" type="xs:string" use="optional" /></xs:extension></xs:simpleContent>
          </xs:complexType>
          <xs:complexType name="SimpleItemType">
            <xs:attribute name="Condition" type="xs:string" use="optional" />
            <xs:attribute name="Include" type="xs:string" use="optional" />
            <xs:attribute name="Exclude" type="xs:string" use="optional" />
            <xs:attribute name="Remove" type="xs:string" use="optional" />
            <xs:attribute name="Update" type="xs:string" use="optional" />
          </xs:complexType>
          <xs:element name="Property" abstract="true" />
          <xs:element name="Item" type="msb:SimpleItemType" abstract="true" />
          <xs:element name="Project">
            <xs:complexType>
              <xs:choice minOccurs="0" maxOccurs="unbounded">
                <xs:element name="PropertyGroup"><xs:complexType><xs:sequence><xs:element ref="msb:Property" minOccurs="0" maxOccurs="unbounded" /></xs:sequence></xs:complexType></xs:element>
                <xs:element name="ItemGroup"><xs:complexType><xs:sequence><xs:element ref="msb:Item" minOccurs="0" maxOccurs="unbounded" /></xs:sequence></xs:complexType></xs:element>
              </xs:choice>
            </xs:complexType>
          </xs:element>
        </xs:schema>
        """;
}
