from .views import caseload, child

urlpatterns = [*caseload.urlpatterns, *child.urlpatterns]
