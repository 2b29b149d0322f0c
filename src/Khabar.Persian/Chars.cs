namespace Khabar.Persian;

/// <summary>Invisible and confusable characters, named so they never appear raw in source.</summary>
public static class Chars
{
    public const char Zwnj = '\u200C';
    public const char Zwj = '\u200D';
    public const char Lrm = '\u200E';
    public const char Rlm = '\u200F';
    public const char Tatweel = '\u0640';
    public const char ArabicYeh = '\u064A';
    public const char AlefMaksura = '\u0649';
    public const char FarsiYeh = '\u06CC';
    public const char YehWithHamza = '\u0626';
    public const char ArabicKaf = '\u0643';
    public const char Keheh = '\u06A9';
    public const char TehMarbuta = '\u0629';
    public const char Heh = '\u0647';
    public const char HehWithYeh = '\u06C0';
    public const char HehGoal = '\u06C1';
    public const char AeLetter = '\u06D5';
    public const char Alef = '\u0627';
    public const char AlefMadda = '\u0622';
    public const char AlefHamzaAbove = '\u0623';
    public const char AlefHamzaBelow = '\u0625';
    public const char AlefWasla = '\u0671';
    public const char WawHamza = '\u0624';
    public const char Waw = '\u0648';
    public const char HamzaAbove = '\u0654';
    public const char HamzaBelow = '\u0655';
    public const char SuperscriptAlef = '\u0670';
    public const char ArabicDecimalSeparator = '\u066B';
    public const char ArabicThousandsSeparator = '\u066C';
    public const char ArabicComma = '\u060C';
    public const char ByteOrderMark = '\uFEFF';

    /// <summary>Explicit bidi embeddings, overrides and isolates: in user text they only serve to disguise.</summary>
    public static bool IsBidiControl(char c) => c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069';

    /// <summary>Letters of the Arabic script (Persian included), without marks and digits.</summary>
    public static bool IsArabicLetter(char c) =>
        c is >= '\u0621' and <= '\u063A' or >= '\u0641' and <= '\u064A' or >= '\u0671' and <= '\u06D3' or '\u06D5'
            or >= '\u06EE' and <= '\u06EF' or >= '\u06FA' and <= '\u06FC' or '\u06FF';

    /// <summary>Harakat, tanwin, shadda and the Quranic marks: meaning-light for search.</summary>
    public static bool IsArabicMark(char c) =>
        c is >= '\u064B' and <= '\u065F' or SuperscriptAlef or >= '\u06D6' and <= '\u06ED' or >= '\u0610' and <= '\u061A';

    /// <summary>Letters that never join the letter after them, so a ZWNJ after them changes nothing.</summary>
    public static bool IsRightJoiningOnly(char c) =>
        c is Alef or AlefMadda or AlefHamzaAbove or AlefHamzaBelow or AlefWasla or '\u062F' or '\u0630' or '\u0631'
            or '\u0632' or '\u0698' or Waw or WawHamza or TehMarbuta or HehWithYeh or AeLetter or '\u0621';

    public static bool IsLatinLetter(char c) => c is >= 'a' and <= 'z' or >= 'A' and <= 'Z';

    /// <summary>
    /// Characters nobody types and nothing displays, kept out of stored text: C0 and C1 controls other than tab and
    /// line breaks, zero-width space, word joiner and invisible operators, interlinear annotation marks, and the
    /// noncharacters U+FFFE/U+FFFF. (ZWNJ and ZWJ are letters' business and are handled on their own.)
    /// </summary>
    public static bool IsInvisibleJunk(char c) =>
        c is < '\u0020' and not ('\t' or '\n' or '\r') or >= '\u007F' and <= '\u009F'
            or '\u200B' or >= '\u2060' and <= '\u2064' or >= '\uFFF9' and <= '\uFFFB' or '\uFFFE' or '\uFFFF';

    public static bool IsPresentationForm(char c) => c is >= '\uFB50' and <= '\uFDFF' or >= '\uFE70' and <= '\uFEFE';
}
