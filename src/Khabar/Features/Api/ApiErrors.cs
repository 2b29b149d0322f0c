namespace Khabar.Features.Api;

/// <summary>API errors as problem details with a Persian title, and per-field Persian messages where a field is at fault.</summary>
public static class ApiErrors
{
    public static IResult NotFound(string message) =>
        Results.Problem(title: message, statusCode: StatusCodes.Status404NotFound);

    public static IResult Problem(int status, string message) => Results.Problem(title: message, statusCode: status);

    public static IResult Fields(IReadOnlyDictionary<string, string> errors) =>
        Results.ValidationProblem(
            errors.ToDictionary(e => e.Key, e => new[] { e.Value }),
            title: Comments.CommentMessages.Invalid,
            statusCode: StatusCodes.Status400BadRequest);
}
