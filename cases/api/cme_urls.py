"""CME casework routes under ``/api/v1/``: reasonable enquiries and referrals."""

from rest_framework.routers import SimpleRouter

from .cme import CMEEnquiryViewSet, CMEReferralViewSet

router = SimpleRouter()
router.register("cme-enquiries", CMEEnquiryViewSet, basename="cme-enquiry")
router.register("cme-referrals", CMEReferralViewSet, basename="cme-referral")

urlpatterns = router.urls
