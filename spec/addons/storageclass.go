package addons

// GP3StorageClassName is the name of the encrypted gp3 StorageClass.
const GP3StorageClassName = "gp3"

// EBSCSIProvisioner is the EBS CSI driver's provisioner name.
const EBSCSIProvisioner = "ebs.csi.aws.com"

// GP3StorageClass describes the StorageClass: encrypted gp3, bound when a
// pod is scheduled (so the volume is created in the pod's AZ), expandable,
// deleted with its claim. It is the default class only when asked.
type GP3StorageClass struct {
	Name              string            `json:"name"`
	Provisioner       string            `json:"provisioner"`
	Parameters        map[string]string `json:"parameters"`
	VolumeBindingMode string            `json:"volumeBindingMode"`
	ReclaimPolicy     string            `json:"reclaimPolicy"`
	AllowExpansion    bool              `json:"allowVolumeExpansion"`
	Annotations       map[string]string `json:"annotations"`
}

// NewGP3StorageClass builds the StorageClass description.
func NewGP3StorageClass(isDefault bool) GP3StorageClass {
	ann := map[string]string{}
	if isDefault {
		ann["storageclass.kubernetes.io/is-default-class"] = "true"
	}
	return GP3StorageClass{
		Name: GP3StorageClassName, Provisioner: EBSCSIProvisioner,
		Parameters:        map[string]string{"type": "gp3", "encrypted": "true", "csi.storage.k8s.io/fstype": "ext4"},
		VolumeBindingMode: "WaitForFirstConsumer", ReclaimPolicy: "Delete", AllowExpansion: true,
		Annotations: ann,
	}
}
