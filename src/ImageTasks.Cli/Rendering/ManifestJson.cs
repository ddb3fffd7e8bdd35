using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using ImageTasks.Core.Manifests;
using ImageTasks.Core.Operations.Inspect;

namespace ImageTasks.Cli.Rendering;

/// <summary>What docker manifest inspect prints, built without reflection (Utf8JsonWriter, then Go's indentation).</summary>
internal static class ManifestJson
{
    /// <summary>
    /// The document as received, indented as docker does: a manifest with tabs (json.Indent), an index with three
    /// spaces (docker re-assembles lists with distribution's MarshalIndent, which uses three).
    /// </summary>
    public static string Pretty(ManifestDocument document) =>
        Encoding.UTF8.GetString(JsonIndent.Indent(document.Bytes, document.IsIndex ? "   " : "\t"));

    /// <summary>
    /// docker's verbose shape (json.MarshalIndent with tabs): for an index an array, else one object, of
    /// <c>{"Ref","Descriptor","Raw","SchemaV2Manifest"|"OCIManifest"}</c>.
    /// </summary>
    public static string Verbose(ManifestInspection inspection)
    {
        var buffer = new ArrayBufferWriter<byte>();
        // Relaxed escaping keeps '+' in media types literal, as Go writes it; Go's HTML escaping is applied by JsonIndent.
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            if (inspection.Document.IsIndex)
            {
                writer.WriteStartArray();
                foreach (var entry in inspection.Entries)
                {
                    WriteEntry(writer, entry);
                }

                writer.WriteEndArray();
            }
            else
            {
                WriteEntry(writer, inspection.Entries.Single());
            }
        }

        return Encoding.UTF8.GetString(JsonIndent.Indent(buffer.WrittenSpan, "\t", escapeHtml: true));
    }

    private static void WriteEntry(Utf8JsonWriter writer, ManifestEntry entry)
    {
        writer.WriteStartObject();
        writer.WriteString("Ref", entry.Reference.ToString());
        writer.WritePropertyName("Descriptor");
        WriteDescriptor(writer, entry.Descriptor);
        writer.WriteBase64String("Raw", entry.Document.Bytes);
        var key = entry.Document.MediaType switch
        {
            MediaTypes.DockerManifest => "SchemaV2Manifest",
            MediaTypes.OciManifest => "OCIManifest",
            _ => null, // docker has no field for anything else; Raw still carries it
        };
        if (key is not null)
        {
            writer.WritePropertyName(key);
            writer.WriteRawValue(entry.Document.Bytes);
        }

        writer.WriteEndObject();
    }

    /// <summary>An OCI descriptor in Go's field order (mediaType, digest, size, platform).</summary>
    private static void WriteDescriptor(Utf8JsonWriter writer, Descriptor descriptor)
    {
        writer.WriteStartObject();
        writer.WriteString("mediaType", descriptor.MediaType);
        writer.WriteString("digest", descriptor.Digest.ToString());
        writer.WriteNumber("size", descriptor.Size);
        if (descriptor.Platform is { } platform)
        {
            writer.WriteStartObject("platform");
            writer.WriteString("architecture", platform.Architecture);
            writer.WriteString("os", platform.Os);
            if (!string.IsNullOrEmpty(platform.OsVersion))
            {
                writer.WriteString("os.version", platform.OsVersion);
            }

            if (!string.IsNullOrEmpty(platform.Variant))
            {
                writer.WriteString("variant", platform.Variant);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }
}
