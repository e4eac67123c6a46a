from .views import caseload, child, cme, frontdoor, school

urlpatterns = [
    *caseload.urlpatterns,
    *child.urlpatterns,
    *school.urlpatterns,
    *frontdoor.urlpatterns,
    *cme.urlpatterns,
]
