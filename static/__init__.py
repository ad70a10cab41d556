"""Static files shared by the site and the forms app."""
