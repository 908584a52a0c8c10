using System.Buffers;
using System.Globalization;
using System.Text;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// What a user name may be, in both services: the console's configured accounts and sign-in form, the api's
/// <c>X-DualRobot-User</c> and its audit trail. Letters, marks, numbers, punctuation, symbols and inner spaces; none
/// of the characters that would let a name forge a log line or show as something else in the Activity panel:
/// control characters (CR, LF, ...), invisible formatting characters (the bidirectional overrides and isolates
/// U+202A–U+202E and U+2066–U+2069, zero-width characters), line and paragraph separators (U+2028, U+2029),
/// unpaired surrogates, private-use and unassigned code points.
/// </summary>
public static class OperatorNames
{
    public const int MaxLength = 256;

    /// <summary>How much of a refused name a log line shows.</summary>
    public const int PrintableLength = 64;

    /// <summary>Null for an acceptable name, else what is wrong with it, as the end of "the user name ...".</summary>
    public static string? Problem(string name) =>
        name.Length == 0 ? "must not be empty."
        : name.Length > MaxLength ? $"must be at most {MaxLength} characters."
        : FirstUnsafe(name) is { } at
            ? $"must not contain control, invisible formatting or line separator characters ({CodePoint(name, at)} at position {at + 1})."
        : name != name.Trim() ? "must not start or end with white space."
        : null;

    /// <summary>
    /// <paramref name="text"/> as a log line may show it, whatever a client typed: every character a name may not
    /// hold written as <c>\uXXXX</c> (so a CR/LF cannot start a forged line), at most <see cref="PrintableLength"/>
    /// characters of it.
    /// </summary>
    public static string Printable(string? text)
    {
        if (text is null)
        {
            return "";
        }

        var shown = text.Length <= PrintableLength ? text : text[..PrintableLength];
        var printable = new StringBuilder(shown.Length);
        for (var i = 0; i < shown.Length;)
        {
            var length = Decode(shown, i, out var rune);
            if (rune is { } safe && !IsUnsafe(safe))
            {
                printable.Append(shown, i, length);
            }
            else
            {
                for (var j = i; j < i + length; j++)
                {
                    printable.Append(CultureInfo.InvariantCulture, $"\\u{(int)shown[j]:x4}");
                }
            }

            i += length;
        }

        return text.Length <= PrintableLength ? printable.ToString() : printable.Append('…').ToString();
    }

    /// <summary>The index of the first character a name may not hold, or null.</summary>
    private static int? FirstUnsafe(string name)
    {
        for (var i = 0; i < name.Length;)
        {
            var length = Decode(name, i, out var rune);
            if (rune is not { } safe || IsUnsafe(safe))
            {
                return i;
            }

            i += length;
        }

        return null;
    }

    /// <summary>The code point at <paramref name="index"/> (null for an unpaired surrogate) and how many chars it takes.</summary>
    private static int Decode(string text, int index, out Rune? rune)
    {
        var status = Rune.DecodeFromUtf16(text.AsSpan(index), out var decoded, out var consumed);
        rune = status == OperationStatus.Done ? decoded : null;
        return Math.Max(consumed, 1);
    }

    private static bool IsUnsafe(Rune rune) => Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control
        or UnicodeCategory.Format
        or UnicodeCategory.LineSeparator
        or UnicodeCategory.ParagraphSeparator
        or UnicodeCategory.Surrogate
        or UnicodeCategory.PrivateUse
        or UnicodeCategory.OtherNotAssigned;

    private static string CodePoint(string text, int index)
    {
        Decode(text, index, out var rune);
        return string.Create(CultureInfo.InvariantCulture, $"U+{rune?.Value ?? text[index]:X4}");
    }
}
