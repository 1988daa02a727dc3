"""Public pages: the list of columns, one column, one author."""

from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView

from forvaltningskultur.publishing import PublishedObjectMixin

from .models import Author, Column

MORE_COLUMNS = 3


class ColumnListView(ListView):
    template_name = "columns/column_list.html"
    context_object_name = "columns"
    paginate_by = 10
    page_kwarg = "sida"
    page_cache_query = ("sida",)

    def get_queryset(self):
        return Column.objects.published().select_related("author")


class ColumnDetailView(PublishedObjectMixin, DetailView):
    model = Column
    template_name = "columns/column_detail.html"
    context_object_name = "column"

    def get_queryset(self):
        return super().get_queryset().select_related("author")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["more_columns"] = (
            Column.objects.published()
            .exclude(pk=self.object.pk)
            .select_related("author")[:MORE_COLUMNS]
        )
        return context


class AuthorDetailView(DetailView):
    """A writer and their published columns. Only writers the public may know about."""

    template_name = "columns/author_detail.html"
    context_object_name = "author"

    def get_object(self, queryset=None):
        return get_object_or_404(Author.objects.public(), slug=self.kwargs["slug"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["columns"] = self.object.columns.published()
        return context
