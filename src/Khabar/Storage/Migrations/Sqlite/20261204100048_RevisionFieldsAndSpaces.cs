using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Khabar.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class RevisionFieldsAndSpaces : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ImageCaption",
                table: "ArticleRevisions",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ImageUrl",
                table: "ArticleRevisions",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "Pending",
                table: "ArticleRevisions",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "Source",
                table: "ArticleRevisions",
                type: "TEXT",
                nullable: true);

            // Revisions saved before these columns existed did not record the image, caption or source: they take
            // the article's current ones, so a diff across them shows no change rather than an invented removal.
            migrationBuilder.Sql("""
                UPDATE ArticleRevisions SET
                    ImageUrl = (SELECT a.ImageUrl FROM Articles a WHERE a.Id = ArticleRevisions.ArticleId),
                    ImageCaption = (SELECT a.ImageCaption FROM Articles a WHERE a.Id = ArticleRevisions.ArticleId),
                    Source = (SELECT a.Source FROM Articles a WHERE a.Id = ArticleRevisions.ArticleId);
                """);

            // Quill 2 wrote every space of an editor-typed body as &nbsp; (one unbreakable line on a phone). Stored
            // bodies get ordinary spaces back once; BodyHtml.Clean keeps it from happening again whatever the source.
            foreach (var table in new[] { "Articles", "ArticleRevisions" })
            {
                migrationBuilder.Sql($"""
                    UPDATE {table} SET BodyHtml = REPLACE(REPLACE(BodyHtml, '&nbsp;', ' '), char(160), ' ')
                    WHERE BodyHtml LIKE '%&nbsp;%' OR instr(BodyHtml, char(160)) > 0;
                    """);
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ImageCaption",
                table: "ArticleRevisions");

            migrationBuilder.DropColumn(
                name: "ImageUrl",
                table: "ArticleRevisions");

            migrationBuilder.DropColumn(
                name: "Pending",
                table: "ArticleRevisions");

            migrationBuilder.DropColumn(
                name: "Source",
                table: "ArticleRevisions");
        }
    }
}
