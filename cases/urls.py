from .views import caseload, child, child_visits, cme, frontdoor, school

urlpatterns = [
    *caseload.urlpatterns,
    *child.urlpatterns,
    *child_visits.urlpatterns,
    *school.urlpatterns,
    *frontdoor.urlpatterns,
    *cme.urlpatterns,
]
